import AIOpsCore
import Foundation
import Hummingbird

/// The body of `POST /incidents/{id}/feedback`: `{"verdict":"true_positive"|"false_positive","note":…}`.
struct FeedbackRequest: Decodable {
    var verdict: String
    var note: String?

    static let maxNoteLength = 2000

    /// Reads and checks the body; anything wrong with it is a 400 saying what.
    static func command(from request: inout Request, context: DashboardRequestContext) async throws -> IncidentCommand {
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let decoded: FeedbackRequest
        do {
            decoded = try JSONDecoder().decode(FeedbackRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw APIError(
                .badRequest, code: "invalid_body",
                "the body must be a JSON object {\"verdict\": \"true_positive\" or \"false_positive\", \"note\": text}: "
                    + EventCodec.describe(error))
        }
        guard let verdict = Feedback.Verdict(rawValue: decoded.verdict) else {
            throw APIError(
                .badRequest, code: "invalid_body",
                "'verdict' must be \"true_positive\" or \"false_positive\", not '\(decoded.verdict.prefix(64))'")
        }
        if let note = decoded.note, note.count > maxNoteLength {
            throw APIError(
                .badRequest, code: "invalid_body", "'note' is longer than \(maxNoteLength) characters")
        }
        return .feedback(verdict, note: decoded.note.flatMap { $0.isEmpty ? nil : $0 })
    }
}
