import Foundation

/// Checks the files and folders a command is given before it works on them, and rewrites
/// Foundation's file errors (`NSCocoaErrorDomain Code=260`…) into a sentence that names the file
/// or folder and says what is wrong with it. Every command that reads or writes files uses it.
enum FileAccess {
    /// Throws unless `path` is a readable file. `what` names it for the person, e.g. "the CSV file".
    static func checkReadableFile(_ path: String, _ what: String) throws {
        if let problem = readProblem(path, wantFolder: false) {
            throw CLIError("cannot read \(what) '\(path)': \(problem)")
        }
    }

    /// Throws unless `path` is a readable folder.
    static func checkReadableFolder(_ path: String, _ what: String) throws {
        if let problem = readProblem(path, wantFolder: true) {
            throw CLIError("cannot read \(what) '\(path)': \(problem)")
        }
    }

    /// Throws unless a file can be written at `path`: its folder exists (unless `createsFolder`),
    /// and `path` is not itself a folder.
    static func checkWritableFile(_ path: String, _ what: String, createsFolder: Bool = false) throws {
        if let problem = writeProblem(path, createsFolder: createsFolder) {
            throw CLIError("cannot write \(what) '\(path)': \(problem)")
        }
    }

    /// Throws unless files can be written in the folder `path`, made if missing.
    static func checkWritableFolder(_ path: String, _ what: String) throws {
        if let problem = folderProblem(path, creating: true) {
            throw CLIError("cannot write \(what) '\(path)': \(problem)")
        }
    }

    /// A sentence for an error met while reading or writing `path`: the state of the file system
    /// when that explains it, else Foundation's reason without its domain and code.
    static func describe(_ error: any Error, path: String, writing: Bool) -> String {
        if let problem = writing ? writeProblem(path, createsFolder: false) : readProblem(path, wantFolder: nil) {
            return problem
        }
        let nsError = error as NSError
        guard nsError.domain == NSCocoaErrorDomain else { return "\(error)" }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileReadInapplicableStringEncoding: return "it is not UTF-8 text"
        case .fileReadCorruptFile: return "its content is not in the expected format"
        case .fileReadTooLarge: return "it is too large to read"
        case .fileWriteOutOfSpace: return "the disk is full"
        case .fileWriteVolumeReadOnly: return "the disk is read-only"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        default: return Self.reason(nsError)
        }
    }

    /// Rewrites an error whose text is Foundation's raw file error, using the path it carries.
    static func rewrite(_ error: any Error) -> any Error {
        let nsError = error as NSError
        guard nsError.domain == NSCocoaErrorDomain, error as? CLIError == nil else { return error }
        let path = (nsError.userInfo[NSFilePathErrorKey] as? String) ?? (nsError.userInfo[NSURLErrorKey] as? URL)?.path
        guard let path else { return CLIError(Self.reason(nsError)) }
        let writing = (CocoaError.Code.fileWriteUnknown.rawValue...CocoaError.Code.fileWriteVolumeReadOnly.rawValue)
            .contains(nsError.code)
        return CLIError(
            "cannot \(writing ? "write" : "read") '\(path)': \(describe(error, path: path, writing: writing))")
    }

    private static func reason(_ error: NSError) -> String {
        var text = error.localizedFailureReason ?? error.localizedDescription
        for noise in ["The operation could not be completed. ", "The operation couldn’t be completed. "] {
            text = text.replacingOccurrences(of: noise, with: "")
        }
        if text.contains("NSCocoaErrorDomain") { return "the file system refused (Foundation error \(error.code))" }
        return text
    }

    /// What stops `path` from being read, or nil. `wantFolder` nil: either kind will do.
    private static func readProblem(_ path: String, wantFolder: Bool?) -> String? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, !manager.fileExists(atPath: parent) {
                return "no such file: its folder '\(parent)' does not exist"
            }
            return "no such \(wantFolder == true ? "folder" : "file")"
        }
        if wantFolder == false, isFolder.boolValue { return "it is a folder, not a file" }
        if wantFolder == true, !isFolder.boolValue { return "it is a file, not a folder" }
        if !manager.isReadableFile(atPath: path) { return "permission denied" }
        return nil
    }

    /// What stops a file from being written at `path`, or nil.
    private static func writeProblem(_ path: String, createsFolder: Bool) -> String? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue { return "it is a folder" }
            return manager.isWritableFile(atPath: path) ? nil : "permission denied"
        }
        // The folder must exist (or be creatable) and let us write in it.
        let parent = (path as NSString).deletingLastPathComponent
        return folderProblem(parent.isEmpty ? "." : parent, creating: createsFolder)
    }

    /// What stops files from being written in `folder`, or nil; `creating`: it may be made.
    private static func folderProblem(_ folder: String, creating: Bool) -> String? {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isFolder) else {
            guard creating else { return "the folder '\(folder)' does not exist (create it first)" }
            let parent = (folder as NSString).deletingLastPathComponent
            return folderProblem(parent.isEmpty ? "." : parent, creating: true)
        }
        if !isFolder.boolValue { return "'\(folder)' is a file, not a folder" }
        return manager.isWritableFile(atPath: folder) ? nil : "permission denied in the folder '\(folder)'"
    }
}
