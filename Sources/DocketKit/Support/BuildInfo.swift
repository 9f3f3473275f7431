/// What `docket --version` reports about the build.
public enum BuildInfo {
    /// The commit the executable was built from: `Scripts/build-release.sh` writes it
    /// into `BuildCommit.generated.swift` (ignored by git) and compiles with
    /// `-D DOCKET_BUILD_COMMIT`; any other build says `unknown`.
    public static let commit: String = {
        #if DOCKET_BUILD_COMMIT
        return generatedBuildCommit
        #else
        return "unknown"
        #endif
    }()

    /// `docket 0.1.0 (commit 1a2b3c4)`.
    public static var versionLine: String { "docket \(Docket.version) (commit \(commit))" }
}
