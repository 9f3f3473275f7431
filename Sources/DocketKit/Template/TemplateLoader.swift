import Foundation

/// Where the templates named by `{{>name}}` and `{{<name}}` come from. A loader
/// parses each template once and hands out the same `Template` afterwards.
public protocol TemplateLoader: AnyObject, Sendable {
    /// The template called `name`, or nil when there is none.
    /// - Throws: `TemplateError` when the template does not parse, `TemplateNameRefused`
    ///   when the name may not be loaded (it leads outside the loader's folder).
    func template(named name: String) throws -> Template?

    /// Where a template called `name` is looked for, for messages (`templates/forms/x.mustache`).
    func place(of name: String) -> String
}

/// A partial name a loader will not load; the renderer reports it at the tag.
public struct TemplateNameRefused: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// Templates given as text by name (the spec's `partials`, tests, embedded layouts).
/// `@unchecked Sendable`: `cache` is read and written only with `lock` held; the rest is `let`.
public final class TemplateDictionaryLoader: TemplateLoader, @unchecked Sendable {
    let sources: [String: String]
    var cache: [String: Template] = [:]
    let lock = NSLock()

    /// - Parameter sources: template text by name.
    public init(_ sources: [String: String]) {
        self.sources = sources
    }

    public func template(named name: String) throws -> Template? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[name] { return cached }
        guard let source = sources[name] else { return nil }
        let template = try Template(source, path: name)
        cache[name] = template
        return template
    }

    public func place(of name: String) -> String { "a template named \"\(name)\"" }
}

/// Templates read from `FOLDER/name.mustache`, never from outside the folder:
/// names with `..`, absolute names and symbolic links that lead out are refused.
/// `@unchecked Sendable`: `cache` is read and written only with `lock` held; the rest is `let`.
public final class TemplateDirectoryLoader: TemplateLoader, @unchecked Sendable {
    /// The folder as the user named it; messages use it.
    public let displayFolder: String
    let folder: String
    let realFolder: String?
    var cache: [String: Template] = [:]
    let lock = NSLock()

    /// - Parameters:
    ///   - folder: the folder to read (absolute, or relative to the process's directory).
    ///   - displayFolder: the folder as messages show it (empty: the current directory).
    public init(folder: String, displayFolder: String) {
        self.folder = folder
        self.displayFolder = displayFolder
        self.realFolder = FileSystem.realPath(folder)
    }

    public func place(of name: String) -> String {
        displayFolder.isEmpty ? name + ".mustache" : displayFolder + "/" + name + ".mustache"
    }

    public func template(named name: String) throws -> Template? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[name] { return cached }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }), !name.contains("\0") else {
            throw TemplateNameRefused("expected a partial name inside \(displayFolder.isEmpty ? "the template's folder" : displayFolder) such as header or forms/header, found \"\(name)\"")
        }
        let path = folder + "/" + name + ".mustache"
        guard let realFolder, let kind = FileSystem.kind(path), kind != .directory else { return nil }
        guard FileSystem.isInside(path, root: realFolder) else {
            throw TemplateNameRefused("partial \"\(name)\" leads outside \(displayFolder.isEmpty ? "the template's folder" : displayFolder) through a symbolic link: expected a file inside it")
        }
        guard let bytes = FileSystem.read(path) else { return nil }
        let template = try Template(source: bytes, path: place(of: name))
        cache[name] = template
        return template
    }
}
