import Hummingbird

extension RouterMethods where Context == DashboardRequestContext {
    /// Answers the methods `path` does not serve with 405 and an `Allow` header, instead of a 404
    /// that would suggest the path does not exist.
    func refuseOtherMethods(_ path: RouterPath, allowed: [HTTPRequest.Method]) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] where !allowed.contains(method) {
            on(path, method: method) { _, _ -> Response in
                throw APIError(
                    .methodNotAllowed, code: "method_not_allowed",
                    "\(method.rawValue) is not served here; use \(allow)",
                    headers: [.allow: allow])
            }
        }
    }
}
