import Foundation

/// The AWS shared files, `~/.aws/config` and `~/.aws/credentials`, parsed into profiles.
///
/// Where they are: `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else under `$HOME/.aws`.
/// Which profile: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`. In the config file a
/// profile's section is `[profile NAME]` (or `[default]`); in the credentials file it is `[NAME]`.
public struct SharedConfigFiles: Sendable {
    /// Profile name → settings, from the config file.
    public var config: [String: [String: String]]
    /// Profile name → settings, from the credentials file.
    public var credentials: [String: [String: String]]
    /// The selected profile.
    public var profile: String
    /// True when `AWS_PROFILE`/`AWS_DEFAULT_PROFILE` chose the profile: then it must exist.
    public var profileIsExplicit: Bool
    /// Where the files were looked for, for messages.
    public var configPath: String
    public var credentialsPath: String

    public init(
        config: [String: [String: String]] = [:], credentials: [String: [String: String]] = [:],
        profile: String = "default", profileIsExplicit: Bool = false, configPath: String = "~/.aws/config",
        credentialsPath: String = "~/.aws/credentials"
    ) {
        self.config = config
        self.credentials = credentials
        self.profile = profile
        self.profileIsExplicit = profileIsExplicit
        self.configPath = configPath
        self.credentialsPath = credentialsPath
    }

    /// Reads both files as the environment says; a missing file is an empty one, an unreadable
    /// one an error naming it.
    public static func load(environment: [String: String]) throws -> SharedConfigFiles {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configPath = expand(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", home: home)
        let credentialsPath = expand(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials", home: home)
        let explicit =
            environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["AWS_DEFAULT_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        return SharedConfigFiles(
            config: try read(configPath, isConfigFile: true),
            credentials: try read(credentialsPath, isConfigFile: false),
            profile: explicit ?? "default", profileIsExplicit: explicit != nil, configPath: configPath,
            credentialsPath: credentialsPath)
    }

    /// A setting of the selected profile: the credentials file first, then the config file.
    public func value(_ key: String, credentialsFirst: Bool = true) -> String? {
        let fromCredentials = credentials[profile]?[key]
        let fromConfig = config[profile]?[key]
        return credentialsFirst ? fromCredentials ?? fromConfig : fromConfig ?? fromCredentials
    }

    /// True when either file has a section for the selected profile.
    public var hasProfile: Bool { config[profile] != nil || credentials[profile] != nil }

    private static func expand(_ path: String, home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    private static func read(_ path: String, isConfigFile: Bool) throws -> [String: [String: String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        // `/dev/null` (a common way to say "no file") and other non-regular files read as empty.
        let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType
        guard type == .typeRegular || type == .typeSymbolicLink else { return [:] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw AWSError(.invalidConfiguration, "cannot read the AWS file \(path): \(error.localizedDescription)")
        }
        return parse(text, isConfigFile: isConfigFile)
    }

    /// Parses the INI dialect of the AWS files: `[section]`, `key = value`, `#`/`;` comments,
    /// and indented lines under `key =` (nested settings such as `s3 =`), which are skipped.
    public static func parse(_ text: String, isConfigFile: Bool) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let isIndented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || isIndented { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    current = nil
                    continue
                }
                let header = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                current = profileName(header, isConfigFile: isConfigFile)
                if let current, sections[current] == nil { sections[current] = [:] }
                continue
            }
            guard let current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            // An inline comment needs white space before it (`key = value # note`).
            if let comment = value.range(of: " #") ?? value.range(of: "\t#") ?? value.range(of: " ;") {
                value = value[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            guard !key.isEmpty else { continue }
            sections[current, default: [:]][key] = value
        }
        return sections
    }

    /// The profile a section header names, or nil for sections that are not profiles
    /// (`[sso-session x]`, `[services x]`).
    private static func profileName(_ header: String, isConfigFile: Bool) -> String? {
        guard isConfigFile else { return header }
        if header == "default" { return "default" }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0] == "profile" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
