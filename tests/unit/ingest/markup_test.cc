#include "src/ingest/markup.h"

#include <string>

#include <gtest/gtest.h>

namespace relgraph::ingest {
namespace {

struct Case {
  const char* input;
  const char* want;
};

TEST(MarkdownToTextTest, KeepsReadableText) {
  const Case kCases[] = {
      {"# Title\nBody text.", "Title\n\nBody text."},
      {"## Section ##\n\nText", "Section\n\nText"},
      {"Some *emphasis*, **strong**, __bold__ and _it_ and ~~gone~~.",
       "Some emphasis, strong, bold and it and gone."},
      {"A [link text](https://example.com/x_(y)) here.", "A link text here."},
      {"[**The Fogel Family:**](https://x.com/a) “We are grateful.”",
       "The Fogel Family: “We are grateful.”"},
      {"An image ![alt text](pic.png) dropped.", "An image  dropped."},
      {"Ref [text][1] link.\n\n[1]: https://example.com", "Ref text link."},
      {"Before\n```\ncode block\n```\nAfter", "Before\n\nAfter"},
      {"Use `x = 1` inline.", "Use x = 1 inline."},
      {"- first item\n* second item\n+ third\n1. numbered", "- first item\n* second item\n+ third\n1. numbered"},
      {"> quoted line", "quoted line"},
      {"| a | b |\n|---|---|\n| 1 | 2 |", "| a | b |\n| 1 | 2 |"},
      {"text <!-- comment --> more", "text  more"},
      {"<!--\nhidden\n-->\nshown", "shown"},
      {"snake_case_name stays", "snake_case_name stays"},
      {"5 * 3 = 15", "5 * 3 = 15"},
      {"Tom &amp; Jerry", "Tom & Jerry"},
      {"Escaped \\*stars\\*", "Escaped *stars*"},
      {"See <https://example.com> now", "See https://example.com now"},
      {"Line one\n\n\n\nLine two", "Line one\n\nLine two"},
      {"a<br>b<p>c</p>", "a\nb\n\nc"},
      {"---\ntext\n***", "text"},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(MarkdownToText(c.input), c.want) << "input: " << c.input;
  }
}

TEST(MarkdownToTextTest, TakesTheTitleFromAFirstHeading) {
  std::string title;
  EXPECT_EQ(MarkdownToText("# US reaffirms support\n\nBody.", &title),
            "US reaffirms support\n\nBody.");
  EXPECT_EQ(title, "US reaffirms support");
  title.clear();
  MarkdownToText("Body first.\n# Late heading", &title);
  EXPECT_EQ(title, "");
}

TEST(HtmlToTextTest, StripsTagsAndKeepsBlocks) {
  const Case kCases[] = {
      {"<p>Hello &amp; welcome.</p><p>Second.</p>", "Hello & welcome.\n\nSecond."},
      {"<div>a</div><div>b</div>", "a\nb"},
      {"one<br>two<br/>three", "one\ntwo\nthree"},
      {"<ul><li>x</li><li>y</li></ul>", "x\ny"},
      {"<h1>Head</h1>Body", "Head\n\nBody"},
      {"<p>Text<script>var x = '<p>';</script> more</p>", "Text more"},
      {"<style>p { color: red }</style><p>Shown</p>", "Shown"},
      {"<p>a <!-- hidden --> b</p>", "a b"},
      {"<p>  lots   of\n\n  space </p>", "lots of space"},
      {"<pre>  keep\n  lines</pre>", "keep\nlines"},
      {"<p>&lt;tag&gt; &quot;q&quot; &#8217; &#x2014; &eacute; &#150; &bogus; &#0;</p>",
       "<tag> \"q\" ’ — é – &bogus; \xEF\xBF\xBD"},
      {"<a href=\"x?a=1&b=2\" title='>'>link</a> text", "link text"},
      {"<table><tr><td>A</td><td>1</td></tr><tr><td>B</td><td>2</td></tr></table>", "A 1\nB 2"},
      {"a < b and c > d", "a < b and c > d"},
      {"<!DOCTYPE html><html><body><p>x</p></body></html>", "x"},
      {"<p>unclosed <b", "unclosed <b"},
  };
  for (const Case& c : kCases) {
    EXPECT_EQ(HtmlToText(c.input), c.want) << "input: " << c.input;
  }
}

TEST(HtmlToTextTest, TakesTheTitle) {
  std::string title;
  const std::string text = HtmlToText(
      "<html><head><title>US &amp; Pakistan\n talks</title></head><body><p>Body.</p></body></html>",
      &title);
  EXPECT_EQ(title, "US & Pakistan talks");
  EXPECT_EQ(text, "Body.");
}

TEST(DetectMarkupTest, TellsMarkdownHtmlAndText) {
  EXPECT_EQ(DetectMarkup("He is [home](https://x.com/a) now."), Format::kMarkdown);
  EXPECT_EQ(DetectMarkup("**Bold claim:** here"), Format::kMarkdown);
  EXPECT_EQ(DetectMarkup("intro\n## Heading\ntext"), Format::kMarkdown);
  EXPECT_EQ(DetectMarkup("<p>One</p><p>Two</p>"), Format::kHtml);
  EXPECT_EQ(DetectMarkup("Plain news text [sic] (with brackets) and 5 * 3."), Format::kText);
  EXPECT_EQ(DetectMarkup("#hashtag and C# code"), Format::kText);
  EXPECT_EQ(DetectMarkup("a < b, and <br> alone"), Format::kText);
}

}  // namespace
}  // namespace relgraph::ingest
