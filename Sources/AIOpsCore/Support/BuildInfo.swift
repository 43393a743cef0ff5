/// What this build is, for `aiops --version`, `aiops_build_info{version}` and the status page.
public enum BuildInfo {
    public static let version = "0.1.0"
}
