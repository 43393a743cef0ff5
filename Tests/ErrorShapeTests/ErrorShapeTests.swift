import AIOpsCore
import AWSClient
import Dashboard
import Detection
import Evaluation
import LambdaRuntime
import LoadTrigger
import LogAnalysis
import Testing

/// One error per module, all of one shape: a struct with a `Code` struct, a `message`, the
/// `underlying` error, made by `init(code, message, underlying:)`. The modules that import
/// AIOpsCore name its `ModuleError` for their domain, so they conform to `CodedError` by
/// construction; AWSClient, LoadTrigger and LambdaRuntime do not import AIOpsCore and write their
/// own, so the key paths below hold all eight to the same members. A module whose error changes
/// shape fails to compile here or fails these checks.
@Suite("Error shapes")
struct ErrorShapeTests {
    struct Cause: Error {}

    /// What one module's error says when made with a message and a cause.
    struct Made {
        var name: String
        var isStruct: Bool
        var codeIsStruct: Bool
        var code: String
        var message: String
        var underlying: (any Error & Sendable)?
        var description: String
    }

    /// Makes the error through `init(code, message, underlying:)` and reads it back through the
    /// members every module's error must have, with these names and types.
    static func make<E: Error & CustomStringConvertible, C: Sendable & Hashable & CustomStringConvertible>(
        _ code: C, _ message: String, _ underlying: (any Error & Sendable)?,
        _ initializer: (C, String, (any Error & Sendable)?) -> E,
        _ members: (code: KeyPath<E, C>, message: KeyPath<E, String>, underlying: KeyPath<E, (any Error & Sendable)?>)
    ) -> Made {
        let error = initializer(code, message, underlying)
        return Made(
            name: String(reflecting: E.self), isStruct: Mirror(reflecting: error).displayStyle == .struct,
            codeIsStruct: Mirror(reflecting: error[keyPath: members.code]).displayStyle == .struct,
            code: error[keyPath: members.code].description, message: error[keyPath: members.message],
            underlying: error[keyPath: members.underlying], description: error.description)
    }

    /// `make` for the errors that conform to `CodedError`, whose members the protocol names.
    static func coded<E: CodedError>(
        _ code: E.Code, _ message: String, _ underlying: (any Error & Sendable)?,
        _ initializer: (E.Code, String, (any Error & Sendable)?) -> E
    ) -> Made {
        make(code, message, underlying, initializer, (\.code, \.message, \.underlying))
    }

    /// Every module's error, the eight of them.
    static func everyError(_ m: String, underlying u: (any Error & Sendable)?) -> [Made] {
        [
            coded(.invalidInput, m, u, AIOpsError.init(_:_:underlying:)),
            coded(.invalidInput, m, u, DetectionError.init(_:_:underlying:)),
            coded(.malformedCSV, m, u, LogAnalysisError.init(_:_:underlying:)),
            coded(.badCSV, m, u, EvaluationError.init(_:_:underlying:)),
            coded(.invalidConfiguration, m, u, DashboardError.init(_:_:underlying:)),
            make(
                AWSError.Code.invalidParameter, m, u, { AWSError($0, $1, underlying: $2) },
                (\.code, \.message, \.underlying)),
            make(.invalidArgument, m, u, TriggerError.init(_:_:underlying:), (\.code, \.message, \.underlying)),
            make(.invalidEvent, m, u, LambdaRuntimeError.init(_:_:underlying:), (\.code, \.message, \.underlying)),
        ]
    }

    @Test("each module has one error, a struct with a Code struct, a message and the cause")
    func oneShape() {
        let errors = Self.everyError("the file has no header row", underlying: Cause())
        #expect(Set(errors.map(\.name)).count == 8)
        for error in errors {
            #expect(error.isStruct, "\(error.name)")
            #expect(error.codeIsStruct, "\(error.name).Code")
            #expect(!error.code.isEmpty, "\(error.name).Code names itself")
            #expect(error.message == "the file has no header row", "\(error.name)")
            #expect(error.underlying is Cause, "\(error.name)")
            #expect(error.description.contains("the file has no header row"), "\(error.name) says its message")
        }
    }

    @Test("without a cause, the underlying error stays empty")
    func noCause() {
        for error in Self.everyError("x", underlying: nil) {
            #expect(error.underlying == nil, "\(error.name)")
        }
    }

    @Test("the domain modules' errors conform to CodedError")
    func domainErrorsConform() {
        let errors: [any CodedError] = [
            AIOpsError(.invalidInput, "m"), DetectionError(.invalidInput, "m"), LogAnalysisError(.malformedCSV, "m"),
            EvaluationError(.badCSV, "m"), DashboardError(.invalidConfiguration, "m"),
        ]
        #expect(errors.map(\.message) == ["m", "m", "m", "m", "m"])
    }
}
