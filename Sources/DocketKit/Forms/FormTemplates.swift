import Foundation

/// The output format of a form: the template's second extension (`NAME.html.mustache`).
public enum FormFormat: String, Sendable, CaseIterable {
    case html, md
}

/// The form templates of a repository, `templates/forms/NAME.FORMAT.mustache`, each
/// parsed once and checked (every partial and layout it reaches exists) before any
/// record is rendered. Layouts and partials are read from the same folder only.
public final class FormTemplates: Sendable {
    /// The folder relative to the repository root, as messages name it.
    public static let folder = "templates/forms"
    /// Names in the folder that are no forms: the shared page layout and the index page.
    static let reserved: Set<String> = ["layout", "index"]

    let root: String
    let renderer: TemplateRenderer

    /// Opens `templates/forms/` of the repository at `root`.
    /// - Throws: `CommandFailure` (exit 2) when the folder is missing or leads outside the root.
    public init(root: String) throws(CommandFailure) {
        let path = root + "/" + Self.folder
        guard FileSystem.isDirectory(path) else {
            throw CommandFailure("expected form templates in \(Self.folder)/ of the repository (NAME.html.mustache, NAME.md.mustache), found no folder \(Self.folder); copy templates/forms from Docket's sample repository")
        }
        guard FileSystem.isInside(path, root: root) else {
            throw CommandFailure("expected \(Self.folder) inside the repository, found a symbolic link that leads outside it; it was not read")
        }
        self.root = root
        self.renderer = TemplateRenderer(loader: TemplateDirectoryLoader(folder: path, displayFolder: Self.folder), unknownPartial: .fail)
    }

    /// The form names that have a template in `format`, sorted.
    public func available(_ format: FormFormat) -> [String] {
        let suffix = "." + format.rawValue + ".mustache"
        return FileSystem.list(root + "/" + Self.folder).compactMap { entry -> String? in
            guard entry.name.hasSuffix(suffix), !entry.name.hasPrefix(".") else { return nil }
            let name = String(entry.name.dropLast(suffix.count))
            return Self.reserved.contains(name) ? nil : name
        }
    }

    /// The template `name` in `format`, parsed and checked, or nil when there is no such file.
    /// - Throws: `TemplateError` at its file, line and column.
    public func template(_ name: String, _ format: FormFormat) throws(TemplateError) -> Template? {
        let loader = renderer.loader!
        let template: Template?
        do {
            template = try loader.template(named: name + "." + format.rawValue)
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(path: loader.place(of: name + "." + format.rawValue), line: 1, column: 1, message: "\(error)")
        }
        guard let template else { return nil }
        try renderer.check(template)
        return template
    }

    /// Renders `template` with `model`.
    public func render(_ template: Template, _ model: some TemplateValueConvertible) throws(TemplateError) -> [UInt8] {
        try renderer.render(template, with: model)
    }
}
