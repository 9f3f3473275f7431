/// The bytes YAML syntax is made of, shared by the parser and the writer.

let cNL = UInt8(ascii: "\n")
let cCR = UInt8(ascii: "\r")
let cSpace = UInt8(ascii: " ")
let cTab = UInt8(ascii: "\t")
let cHash = UInt8(ascii: "#")
let cColon = UInt8(ascii: ":")
let cDash = UInt8(ascii: "-")
let cDot = UInt8(ascii: ".")
let cQuestion = UInt8(ascii: "?")
let cComma = UInt8(ascii: ",")
let cLBracket = UInt8(ascii: "[")
let cRBracket = UInt8(ascii: "]")
let cLBrace = UInt8(ascii: "{")
let cRBrace = UInt8(ascii: "}")
let cSQuote = UInt8(ascii: "'")
let cDQuote = UInt8(ascii: "\"")
let cBackslash = UInt8(ascii: "\\")
let cPipe = UInt8(ascii: "|")
let cGreater = UInt8(ascii: ">")
let cAmp = UInt8(ascii: "&")
let cStar = UInt8(ascii: "*")
let cBang = UInt8(ascii: "!")
let cPercent = UInt8(ascii: "%")
let cAt = UInt8(ascii: "@")
let cBacktick = UInt8(ascii: "`")
let cPlus = UInt8(ascii: "+")

/// A flow collection indicator: `,` `[` `]` `{` `}`.
@inline(__always) func isYAMLFlowIndicator(_ c: UInt8) -> Bool {
    c == cComma || c == cLBracket || c == cRBracket || c == cLBrace || c == cRBrace
}

/// A space or a tab, the blanks that separate YAML tokens on a line.
@inline(__always) func isYAMLBlank(_ c: UInt8) -> Bool { c == cSpace || c == cTab }
