import ArgumentParser
import Dashboard

/// The dashboard's start-up errors in words a person can act on: the socket layer says
/// "bind(descriptor:ptr:bytes:): Address already in use (errno: 98)".
enum DashboardStartFailure {
    static func explain(_ error: any Error, host: String, port: Int) -> any Error {
        if error is DashboardError { return ValidationError("\(error)") }
        let text = "\(error)"
        if text.contains("Address already in use") || text.contains("errno: 98") {
            return ValidationError(
                "\(host):\(port) is already in use by another program: stop it, or pass another --port "
                    + "(--port 0 picks a free one)")
        }
        if text.contains("Cannot assign requested address") || text.contains("errno: 99") {
            return ValidationError(
                "\(host) is not an address of this machine: listen on 127.0.0.1, or on one of its own addresses")
        }
        if text.contains("Permission denied") || text.contains("errno: 13") {
            return ValidationError(
                "port \(port) needs privileges this process lacks: pass a port above 1023 (--port 8080, say)")
        }
        return error
    }
}
