public import AIOpsCore

/// The error of the dashboard's setup: a code to compare, a message a person can act on, and the cause.
///
/// Errors of single requests are `APIError`s; this one stops the server from starting.
public typealias DashboardError = ModuleError<DashboardErrorDomain>

/// The dashboard's setup error codes are `DashboardError.Code`'s static members.
public enum DashboardErrorDomain: ErrorDomain {}

extension DashboardError.Code {
    /// Binding to a non-loopback address without a bearer token.
    public static var tokenRequired: Self { Self("tokenRequired") }
    public static var invalidConfiguration: Self { Self("invalidConfiguration") }
    /// The dashboard's static files (HTML, JS, the OpenAPI document) could not be found.
    public static var resourcesMissing: Self { Self("resourcesMissing") }
}
