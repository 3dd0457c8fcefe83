// relgraph::ingest markup conversion: Markdown and HTML into readable plain
// text, the form every later stage reads.
//
// Part of the ingest stage (files -> Documents). The reader applies these to
// .md and .html files, and to JSONL "text" fields when asked
// (ReadOptions::jsonl_text_format). Pure functions of their input: no I/O,
// no failure; whatever cannot be parsed as markup is kept as text.
//
//   std::string title;
//   std::string text = HtmlToText("<title>T</title><p>Hi &amp; bye</p>", &title);
//   // text == "Hi & bye", title == "T"
//
// Offsets in Documents point into the converted text, not the source file.

#ifndef RELGRAPH_SRC_INGEST_MARKUP_H_
#define RELGRAPH_SRC_INGEST_MARKUP_H_

#include <string>
#include <string_view>

#include "src/ingest/format.h"

namespace relgraph::ingest {

// Markdown (CommonMark and GitHub flavour, as news sites export it) to text:
// headings lose their #s and become paragraphs of their own; emphasis (*,
// **, _, __, ~~) and inline code lose their markers; [text](url) and
// [text][ref] become text; images and reference definitions are dropped;
// fenced code blocks and HTML comments are dropped; other HTML tags are
// stripped; list bullets and numbers stay at the start of their lines;
// blockquote markers and table separator rows go; entities are decoded.
// If `title` is not null it receives the text of a first-line "# heading".
std::string MarkdownToText(std::string_view markdown, std::string* title = nullptr);

// HTML to text: tags stripped; script, style, noscript, template, svg and
// the like dropped with their content; comments dropped; entities decoded
// (named, decimal, hex; code points 128-159 read as Windows-1252, as browsers
// do); whitespace collapsed except in <pre>; block elements (p, div, li, h1,
// br, tr, ...) become line breaks, paragraphs and headings blank lines.
// If `title` is not null it receives the text of the first <title>.
std::string HtmlToText(std::string_view html, std::string* title = nullptr);

// Guesses the markup of a text that came without a file name (a JSON Lines
// "text" field): kMarkdown when it has Markdown links ("](http"), strong
// emphasis ("**...**"), ATX headings or code fences; else kHtml when it has
// at least two HTML block tags (<p>, <br>, <div>, <li>, <table>, <tr>) or
// closing tags; else kText. Returns one of those three.
Format DetectMarkup(std::string_view text);

// Appends the text of `s` with HTML character references decoded to *out.
// Unknown or malformed references are copied unchanged.
void DecodeEntities(std::string_view s, std::string* out);

}  // namespace relgraph::ingest

#endif  // RELGRAPH_SRC_INGEST_MARKUP_H_
