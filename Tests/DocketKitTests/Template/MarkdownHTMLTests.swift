import Foundation
import XCTest
@testable import DocketKit

final class MarkdownHTMLTests: XCTestCase {
    func testGoldenSection() throws {
        let input = try String(contentsOfFile: TestRepository.packageRoot + "/Tests/DocketKitTests/Snapshots/markdown-section.md", encoding: .utf8)
        try assertSnapshot("markdown-section.html", MarkdownHTML.render(input))
    }

    func testBlocks() {
        XCTAssertEqual(MarkdownHTML.render("a\nb\n\nc"), "<p>a\nb</p>\n<p>c</p>\n")
        XCTAssertEqual(MarkdownHTML.render("a  \nb\\\nc"), "<p>a<br>\nb<br>\nc</p>\n")
        XCTAssertEqual(MarkdownHTML.render("- a\n- b\n  - c\n* d"), "<ul>\n<li>a</li>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n<ul>\n<li>d</li>\n</ul>\n")
        XCTAssertEqual(MarkdownHTML.render("1. a\n2. b"), "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n")
        XCTAssertEqual(MarkdownHTML.render("### T\n## not"), "<h3>T</h3>\n<p>## not</p>\n")
        XCTAssertEqual(MarkdownHTML.render("~~~\n<b>\n~~~"), "<pre><code>&lt;b&gt;\n</code></pre>\n")
        XCTAssertEqual(MarkdownHTML.render("|a|b|\n|-|:-:|\n|1|2|"),
                       "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"center\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td align=\"center\">2</td>\n</tr>\n</tbody>\n</table>\n")
        // Not a table: the delimiter row has another number of cells.
        XCTAssertEqual(MarkdownHTML.render("|a|b|\n|-|"), "<p>|a|b|\n|-|</p>\n")
    }

    func testInline() {
        XCTAssertEqual(MarkdownHTML.render("*a* _b_ **c** __d__ `e*f*`"), "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong> <code>e*f*</code></p>\n")
        XCTAssertEqual(MarkdownHTML.render("snake_case_name 2*3"), "<p>snake_case_name 2*3</p>\n")
        XCTAssertEqual(MarkdownHTML.render("\\*not\\* `` a`b ``"), "<p>*not* <code>a`b</code></p>\n")
        XCTAssertEqual(MarkdownHTML.render("[a *b*](https://x.y/p?q=1&r=2)"), "<p><a href=\"https://x.y/p?q=1&amp;r=2\">a <em>b</em></a></p>\n")
        XCTAssertEqual(MarkdownHTML.render("<https://x.y> and http://a.b/c."), "<p><a href=\"https://x.y\">https://x.y</a> and <a href=\"http://a.b/c\">http://a.b/c</a>.</p>\n")
        XCTAssertEqual(MarkdownHTML.render("[m](MAILTO:a@b.c)"), "<p><a href=\"MAILTO:a@b.c\">m</a></p>\n")
    }

    func testHostileInputIsEscapedAndUnsafeLinksDropped() {
        let cases: [(String, String)] = [
            ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"),
            ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"),
            ("[x](javascript:alert(1))", "<p>x</p>\n"),
            ("[x](JaVaScRiPt:alert(1))", "<p>x</p>\n"),
            ("[x]( javascript:alert(1) )", "<p>x</p>\n"),
            ("[x](&#106;avascript:alert(1))", "<p>x</p>\n"),
            ("[x](java&#x09;script:alert(1))", "<p>x</p>\n"),
            ("[x](data:text/html;base64,PHNjcmlwdD4=)", "<p>x</p>\n"),
            ("[x](vbscript:msgbox)", "<p>x</p>\n"),
            ("[x](/relative/path)", "<p>x</p>\n"),
            ("<javascript:alert(1)>", "<p>&lt;javascript:alert(1)&gt;</p>\n"),
            ("&lt;script&gt; &#60;b&#62;", "<p>&amp;lt;script&amp;gt; &amp;#60;b&amp;#62;</p>\n"),
            ("[x](https://a.b/\"onmouseover=\"alert(1))", "<p><a href=\"https://a.b/&quot;onmouseover=&quot;alert(1)\">x</a></p>\n"),
            ("![x](javascript:alert(1)) ![y](https://t.rack/p.png)", "<p>x y</p>\n"),
            ("```\"><script>\n</script>\n```", "<pre><code class=\"language-&quot;&gt;&lt;script&gt;\">&lt;/script&gt;\n</code></pre>\n"),
            ("| <b> |\n|---|\n| <i onclick=x> |", "<table>\n<thead>\n<tr>\n<th>&lt;b&gt;</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>&lt;i onclick=x&gt;</td>\n</tr>\n</tbody>\n</table>\n"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(MarkdownHTML.render(input), expected, input)
        }
    }

    /// Whatever the input, every `<` in the output opens one of the renderer's own tags.
    func testOutputHoldsOnlyOwnTags() {
        let allowed = ["p>", "/p>", "em>", "/em>", "strong>", "/strong>", "code>", "code class=\"", "/code>", "pre>", "/pre>",
                       "a href=\"http", "a href=\"HTTP", "a href=\"mailto:", "/a>", "br>", "ul>", "/ul>", "ol>", "ol start=\"", "/ol>",
                       "li>", "/li>", "table>", "/table>", "thead>", "/thead>", "tbody>", "/tbody>", "tr>", "/tr>", "th>", "th align=\"",
                       "/th>", "td>", "td align=\"", "/td>", "h3>", "/h3>", "h4>", "/h4>", "h5>", "/h5>", "h6>", "/h6>"]
        let pieces = ["<", ">", "[", "](", ")", "*", "_", "`", "```", "\n", "  \n", "- ", "1. ", "|", "|-|\n", "\\", "\"", "'", "&",
                      "javascript:", "https://", "mailto:", "<script>", "onerror=", "### ", "x", " ", "\u{FF}", "中"]
        var generator = SeededGenerator(state: 42)
        for _ in 0..<3000 {
            let input = (0..<Int.random(in: 1...20, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            let output = MarkdownHTML.render(input)
            var rest = output[...]
            while let open = rest.firstIndex(of: "<") {
                let after = rest[rest.index(after: open)...]
                XCTAssertTrue(allowed.contains { after.hasPrefix($0) }, "input \(input.debugDescription) gave \(output.debugDescription)")
                rest = after
            }
            XCTAssertFalse(output.lowercased().contains("href=\"javascript"), input)
        }
    }
}
