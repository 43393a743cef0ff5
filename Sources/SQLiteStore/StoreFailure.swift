import AIOpsCore
import Foundation
import GRDB

/// Turns what SQLite and GRDB throw into `AIOpsError`s a person can act on.
enum StoreFailure {
    /// Maps an error thrown while opening the store at `path`.
    static func opening(_ path: String, _ error: any Error) -> AIOpsError {
        if let error = error as? AIOpsError { return error }
        guard let error = error as? DatabaseError else {
            return AIOpsError(.unavailable, "cannot open the store at \(path): \(error)", underlying: error)
        }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return AIOpsError(
                .invalidInput,
                "\(path) is not an SQLite database (or is encrypted); point the store at a new file or at one "
                    + "this agent wrote", underlying: error)
        case .SQLITE_CORRUPT:
            return AIOpsError(
                .internalFailure,
                "the store at \(path) is damaged (\(detail)); restore it from a backup or move it aside",
                underlying: error)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_AUTH:
            return AIOpsError(
                .unavailable,
                "cannot open the store at \(path) for reading and writing (\(detail)); check that the file and "
                    + "its folder exist and are writable by this user (SQLite also creates \(path)-wal and -shm "
                    + "beside it)", underlying: error)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return AIOpsError(
                .unavailable, "the store at \(path) stayed locked by another process (\(detail)); try again",
                underlying: error)
        case .SQLITE_FULL, .SQLITE_IOERR:
            return AIOpsError(
                .unavailable, "cannot open the store at \(path): the disk failed or is full (\(detail))",
                underlying: error)
        default:
            return AIOpsError(.unavailable, "cannot open the store at \(path): \(detail)", underlying: error)
        }
    }

    /// Maps an error thrown while `doing` something with the open store at `path`.
    static func operating(_ path: String, doing: String, _ error: any Error) -> any Error {
        if error is AIOpsError || error is CancellationError { return error }
        if let error = error as? DatabaseError {
            let detail = error.message ?? "\(error.resultCode)"
            switch error.resultCode {
            case .SQLITE_CONSTRAINT:
                return AIOpsError(
                    .conflict, "cannot \(doing): it conflicts with what the store holds (\(detail))",
                    underlying: error)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return AIOpsError(
                    .unavailable, "cannot \(doing): the store at \(path) stayed locked by another process",
                    underlying: error)
            case .SQLITE_FULL:
                return AIOpsError(
                    .unavailable, "cannot \(doing): the disk holding \(path) is full", underlying: error)
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return AIOpsError(
                    .internalFailure,
                    "cannot \(doing): the store at \(path) is damaged (\(detail)); restore it from a backup",
                    underlying: error)
            default:
                return AIOpsError(
                    .unavailable, "cannot \(doing) in the store at \(path): \(detail)", underlying: error)
            }
        }
        if error is EncodingError {
            return AIOpsError(
                .invalidInput, "cannot \(doing): the record cannot be encoded (\(error))", underlying: error)
        }
        return AIOpsError(
            .internalFailure,
            "cannot \(doing): the store at \(path) holds a record this build cannot read (\(error))",
            underlying: error)
    }

    /// A stored value that is not one of the values its column may hold.
    static func unreadable(_ what: String, _ value: String, of record: String) -> AIOpsError {
        AIOpsError(.internalFailure, "the store holds \(what) '\(value)' for \(record), which this build does not know")
    }
}
