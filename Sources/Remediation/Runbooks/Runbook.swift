public import AIOpsCore
import Foundation

/// Maps an incident's signature to one action, with how far the action is trusted.
///
/// The action's parameters are fixed by whoever writes the runbook: a restart names its unit
/// (or takes it from the instance's `aiops:service` tag, set by the same people who opt the
/// instance in), an automation names its document. Nothing an instance logs reaches a command.
public struct Runbook: Sendable, Hashable, Codable, Identifiable {
    /// Letters, digits, `-` and `_`: it keys the runbook's records.
    public var name: String
    public var signature: RunbookSignature
    public var action: ActionKind
    /// `restart-service`: the unit to restart; nil takes it from the instance's `serviceTag`.
    public var service: ServiceName?
    /// `run-automation`: the SSM Automation document's name.
    public var document: String?
    public var mode: RunbookMode
    /// Judged shadow successes (incidents it would have acted on that people judged true
    /// positives) required before `approve` or `auto` takes effect; until then it stays in shadow.
    public var shadowSuccessesRequired: Int

    public var id: String { name }

    /// The tag that names an instance's main systemd unit, for restart runbooks that name none.
    public static let serviceTag = "aiops:service"

    public init(
        name: String, signature: RunbookSignature = RunbookSignature(), action: ActionKind,
        service: ServiceName? = nil, document: String? = nil, mode: RunbookMode = .auto,
        shadowSuccessesRequired: Int = 0
    ) {
        self.name = name
        self.signature = signature
        self.action = action
        self.service = service
        self.document = document
        self.mode = mode
        self.shadowSuccessesRequired = shadowSuccessesRequired
    }

    /// What this runbook would do on `instance`, or nil when it cannot act there (a restart
    /// runbook without a unit, on an instance whose service tag is missing or not a unit name).
    public func command(on instance: Instance) -> RunbookCommand? {
        switch action {
        case .restartService:
            guard let unit = service ?? instance.tags[Self.serviceTag].flatMap(ServiceName.init) else { return nil }
            return RunbookCommand(runbook: name, kind: action, service: unit)
        case .runAutomation:
            guard let document else { return nil }
            return RunbookCommand(runbook: name, kind: action, document: document)
        case .reboot, .stopStart, .notifyOnly, .freeDisk:
            return RunbookCommand(runbook: name, kind: action)
        }
    }

    /// Checks what decoding cannot: the name's characters, an automation's document, the count.
    public func validated() throws -> Runbook {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
            throw AIOpsError(.invalidInput, "runbook name '\(name)': use 1-64 letters, digits, '-' or '_'")
        }
        if action == .runAutomation {
            let documentCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/")
            guard let document, !document.isEmpty, document.count <= 256,
                document.allSatisfy(documentCharacters.contains)
            else {
                throw AIOpsError(
                    .invalidInput, "runbook \(name): run-automation needs a 'document' (an SSM document name or ARN)")
            }
        }
        guard shadowSuccessesRequired >= 0 else {
            throw AIOpsError(.invalidInput, "runbook \(name): shadow_successes_required must be 0 or more")
        }
        return self
    }

    private enum CodingKeys: String, CodingKey {
        case name, action, service, document, mode
        case signature = "match"
        case shadowSuccessesRequired = "shadow_successes_required"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let actionText = try c.decode(String.self, forKey: .action)
        guard let action = ActionKind(rawValue: actionText) else {
            throw AIOpsError(
                .invalidInput,
                "runbook \(name): unknown action '\(actionText)'; use one of "
                    + ActionKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.init(
            name: name, signature: try c.decodeIfPresent(RunbookSignature.self, forKey: .signature) ?? .init(),
            action: action, service: try c.decodeIfPresent(ServiceName.self, forKey: .service),
            document: try c.decodeIfPresent(String.self, forKey: .document),
            mode: try c.decodeIfPresent(RunbookMode.self, forKey: .mode) ?? .auto,
            shadowSuccessesRequired: try c.decodeIfPresent(Int.self, forKey: .shadowSuccessesRequired) ?? 0)
        _ = try validated()
    }
}

/// One runbook's action made concrete for one instance: what the controller is asked to do.
public struct RunbookCommand: Sendable, Hashable {
    public var runbook: String
    public var kind: ActionKind
    public var service: ServiceName?
    public var document: String?

    public init(runbook: String, kind: ActionKind, service: ServiceName? = nil, document: String? = nil) {
        self.runbook = runbook
        self.kind = kind
        self.service = service
        self.document = document
    }

    /// The audit trail's words: `restart-service storefront.service`, `run-automation AWS-RestartEC2Instance`.
    public var description: String {
        [kind.rawValue, service?.unit, document].compactMap { $0 }.joined(separator: " ")
    }
}
