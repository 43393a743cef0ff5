import Foundation

extension API.IncidentSummary {
    /// Writes the summary as `JSONBody`'s encoder would: keys sorted, nil fields left out.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.member("anomalyCount", anomalyCount)
        if let feedback {
            json.key("feedback")
            json.beginObject()
            json.member("at", feedback.at)
            json.member("by", feedback.by)
            json.member("note", feedback.note)
            json.member("verdict", feedback.verdict)
            json.endObject()
        }
        json.member("id", id)
        json.member("instanceId", instanceId)
        json.member("instanceName", instanceName)
        json.member("metric", metric)
        json.member("openedAt", openedAt)
        json.member("peakScore", peakScore)
        json.member("resolvedAt", resolvedAt)
        json.member("severity", severity)
        json.member("silenced", silenced)
        json.member("status", status)
        json.member("summary", summary)
        json.member("updatedAt", updatedAt)
        json.member("value", value)
        json.endObject()
    }
}

extension API.IncidentPage {
    /// The page as JSON bytes: what `GET /incidents` answers, written without `JSONEncoder`.
    func json() -> JSONWriter {
        var json = JSONWriter(capacity: 512 + items.count * 640)
        json.beginObject()
        json.key("items")
        json.beginArray()
        for item in items { item.write(to: &json) }
        json.endArray()
        json.member("nextCursor", nextCursor)
        json.endObject()
        return json
    }
}
