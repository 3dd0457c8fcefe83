#include "src/ingest/markup.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "src/ingest/utf8.h"

namespace relgraph::ingest {

namespace {

struct Entity {
  std::string_view name;
  char32_t cp;
};

// HTML named character references that news pages use: markup-significant
// ones, typography, and the Latin-1 set (sorted by name for binary search).
constexpr Entity kEntities[] = {
    {"AElig", 0xC6},  {"Aacute", 0xC1}, {"Acirc", 0xC2},   {"Agrave", 0xC0}, {"Alpha", 0x391},
    {"Aring", 0xC5},  {"Atilde", 0xC3}, {"Auml", 0xC4},    {"Beta", 0x392},  {"Ccedil", 0xC7},
    {"Dagger", 0x2021}, {"Delta", 0x394}, {"ETH", 0xD0},   {"Eacute", 0xC9}, {"Ecirc", 0xCA},
    {"Egrave", 0xC8}, {"Euml", 0xCB},   {"Gamma", 0x393},  {"Iacute", 0xCD}, {"Icirc", 0xCE},
    {"Igrave", 0xCC}, {"Iuml", 0xCF},   {"Lambda", 0x39B}, {"Ntilde", 0xD1}, {"OElig", 0x152},
    {"Oacute", 0xD3}, {"Ocirc", 0xD4},  {"Ograve", 0xD2},  {"Omega", 0x3A9}, {"Oslash", 0xD8},
    {"Otilde", 0xD5}, {"Ouml", 0xD6},   {"Pi", 0x3A0},     {"Prime", 0x2033}, {"Scaron", 0x160},
    {"Sigma", 0x3A3}, {"THORN", 0xDE},  {"Uacute", 0xDA},  {"Ucirc", 0xDB},  {"Ugrave", 0xD9},
    {"Uuml", 0xDC},   {"Yacute", 0xDD}, {"Yuml", 0x178},   {"Zcaron", 0x17D}, {"aacute", 0xE1},
    {"acirc", 0xE2},  {"acute", 0xB4},  {"aelig", 0xE6},   {"agrave", 0xE0}, {"alpha", 0x3B1},
    {"amp", '&'},     {"apos", '\''},   {"aring", 0xE5},   {"atilde", 0xE3}, {"auml", 0xE4},
    {"bdquo", 0x201E}, {"beta", 0x3B2}, {"brvbar", 0xA6},  {"bull", 0x2022}, {"ccedil", 0xE7},
    {"cedil", 0xB8},  {"cent", 0xA2},   {"circ", 0x2C6},   {"copy", 0xA9},   {"curren", 0xA4},
    {"dagger", 0x2020}, {"deg", 0xB0},  {"delta", 0x3B4},  {"divide", 0xF7}, {"eacute", 0xE9},
    {"ecirc", 0xEA},  {"egrave", 0xE8}, {"emsp", 0x2003},  {"ensp", 0x2002}, {"eth", 0xF0},
    {"euml", 0xEB},   {"euro", 0x20AC}, {"fnof", 0x192},   {"frac12", 0xBD}, {"frac14", 0xBC},
    {"frac34", 0xBE}, {"gamma", 0x3B3}, {"gt", '>'},       {"hellip", 0x2026}, {"iacute", 0xED},
    {"icirc", 0xEE},  {"iexcl", 0xA1},  {"igrave", 0xEC},  {"iquest", 0xBF}, {"iuml", 0xEF},
    {"lambda", 0x3BB}, {"laquo", 0xAB}, {"ldquo", 0x201C}, {"lrm", 0x200E},  {"lsaquo", 0x2039},
    {"lsquo", 0x2018}, {"lt", '<'},     {"macr", 0xAF},    {"mdash", 0x2014}, {"micro", 0xB5},
    {"middot", 0xB7}, {"minus", 0x2212}, {"mu", 0x3BC},    {"nbsp", 0xA0},   {"ndash", 0x2013},
    {"not", 0xAC},    {"ntilde", 0xF1}, {"oacute", 0xF3},  {"ocirc", 0xF4},  {"oelig", 0x153},
    {"ograve", 0xF2}, {"omega", 0x3C9}, {"ordf", 0xAA},    {"ordm", 0xBA},   {"oslash", 0xF8},
    {"otilde", 0xF5}, {"ouml", 0xF6},   {"para", 0xB6},    {"permil", 0x2030}, {"pi", 0x3C0},
    {"plusmn", 0xB1}, {"pound", 0xA3},  {"prime", 0x2032}, {"quot", '"'},    {"raquo", 0xBB},
    {"rdquo", 0x201D}, {"reg", 0xAE},   {"rlm", 0x200F},   {"rsaquo", 0x203A}, {"rsquo", 0x2019},
    {"sbquo", 0x201A}, {"scaron", 0x161}, {"sect", 0xA7},  {"shy", 0xAD},    {"sigma", 0x3C3},
    {"sup1", 0xB9},   {"sup2", 0xB2},   {"sup3", 0xB3},    {"szlig", 0xDF},  {"thinsp", 0x2009},
    {"thorn", 0xFE},  {"tilde", 0x2DC}, {"times", 0xD7},   {"trade", 0x2122}, {"uacute", 0xFA},
    {"ucirc", 0xFB},  {"ugrave", 0xF9}, {"uml", 0xA8},     {"uuml", 0xFC},   {"yacute", 0xFD},
    {"yen", 0xA5},    {"yuml", 0xFF},   {"zcaron", 0x17E}, {"zwj", 0x200D},  {"zwnj", 0x200C},
};

// Code points 0x80..0x9F as Windows-1252 (what "&#150;" means on real pages).
constexpr char32_t kCp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

bool LookupEntity(std::string_view name, char32_t* cp) {
  const auto* end = std::end(kEntities);
  const auto* it = std::lower_bound(std::begin(kEntities), end, name,
                                    [](const Entity& e, std::string_view n) { return e.name < n; });
  if (it == end || it->name != name) return false;
  *cp = it->cp;
  return true;
}

inline bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || (c >= '0' && c <= '9'); }
inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }
inline bool IsSpaceByte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Parses a character reference at s[i] == '&'. Returns its length (0 if none).
size_t ParseEntity(std::string_view s, size_t i, char32_t* cp) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    const size_t start = j;
    uint64_t v = 0;
    while (j < s.size() && j - start < 8) {
      const char c = s[j];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        break;
      }
      v = v * (hex ? 16 : 10) + static_cast<uint64_t>(d);
      ++j;
    }
    if (j == start || j >= s.size() || s[j] != ';') return 0;
    if (v >= 0x80 && v <= 0x9F) {
      *cp = kCp1252[v - 0x80];
    } else if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      *cp = kReplacementChar;
    } else {
      *cp = static_cast<char32_t>(v);
    }
    return j + 1 - i;
  }
  const size_t start = j;
  while (j < s.size() && j - start < 10 && IsAsciiAlnum(s[j])) ++j;
  if (j == start || j >= s.size() || s[j] != ';') return 0;
  if (!LookupEntity(s.substr(start, j - start), cp)) return 0;
  return j + 1 - i;
}

bool StartsWithCi(std::string_view s, size_t i, std::string_view lit) {
  if (i + lit.size() > s.size()) return false;
  for (size_t k = 0; k < lit.size(); ++k) {
    if (Lower(s[i + k]) != lit[k]) return false;
  }
  return true;
}

size_t FindCi(std::string_view s, size_t from, std::string_view lit) {
  for (size_t i = from; i + lit.size() <= s.size(); ++i) {
    if (Lower(s[i]) == lit[0] && StartsWithCi(s, i, lit)) return i;
  }
  return std::string_view::npos;
}

// Trims blanks at line ends and keeps at most one blank line in a row; trims
// the whole text.
std::string TidyLines(const std::string& in) {
  std::string out;
  out.reserve(in.size());
  int pending_newlines = 0;
  size_t pos = 0;
  while (pos <= in.size()) {
    size_t nl = in.find('\n', pos);
    if (nl == std::string::npos) nl = in.size();
    size_t b = pos, e = nl;
    while (b < e && IsBlank(in[b])) ++b;
    while (e > b && IsBlank(in[e - 1])) --e;
    // Keep the indentation of list items out: a line is tidied to its content.
    if (b == e) {
      if (!out.empty()) pending_newlines = std::max(pending_newlines, 2);
    } else {
      if (!out.empty()) out.append(static_cast<size_t>(std::max(pending_newlines, 1)), '\n');
      out.append(in, b, e - b);
      pending_newlines = 0;
    }
    if (nl == in.size()) break;
    pos = nl + 1;
  }
  return out;
}

enum class BlockBreak { kNone, kLine, kParagraph };
BlockBreak BreakOf(std::string_view tag);

// ---------------------------------------------------------------- Markdown

class MarkdownInline {
 public:
  explicit MarkdownInline(std::string* out) : out_(out) {}
  void Run(std::string_view s);

 private:
  size_t MatchBracket(std::string_view s, size_t i, char open, char close) const;
  std::string* out_;
};

// Index of the bracket closing the one at s[i], or npos.
size_t MarkdownInline::MatchBracket(std::string_view s, size_t i, char open, char close) const {
  int depth = 0;
  for (size_t k = i; k < s.size(); ++k) {
    if (s[k] == '\\') {
      ++k;
      continue;
    }
    if (s[k] == open) ++depth;
    if (s[k] == close && --depth == 0) return k;
  }
  return std::string_view::npos;
}

void MarkdownInline::Run(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const char c = s[i];
    if (c == '\\' && i + 1 < n && (s[i + 1] & 0x80) == 0 && !IsAsciiAlnum(s[i + 1]) &&
        !IsSpaceByte(s[i + 1])) {
      out_->push_back(s[i + 1]);
      i += 2;
      continue;
    }
    if (c == '`') {
      size_t run = 0;
      while (i + run < n && s[i + run] == '`') ++run;
      const std::string_view fence = s.substr(i, run);
      const size_t close = s.find(fence, i + run);
      if (close != std::string_view::npos) {
        std::string_view code = s.substr(i + run, close - i - run);
        if (code.size() >= 2 && code.front() == ' ' && code.back() == ' ') {
          code = code.substr(1, code.size() - 2);
        }
        out_->append(code);
        i = close + run;
        continue;
      }
      out_->append(fence);
      i += run;
      continue;
    }
    if (c == '!' && i + 1 < n && s[i + 1] == '[') {
      const size_t close = MatchBracket(s, i + 1, '[', ']');
      if (close != std::string_view::npos && close + 1 < n && s[close + 1] == '(') {
        const size_t paren = MatchBracket(s, close + 1, '(', ')');
        if (paren != std::string_view::npos) {
          i = paren + 1;  // images are dropped
          continue;
        }
      }
    }
    if (c == '[') {
      const size_t close = MatchBracket(s, i, '[', ']');
      if (close != std::string_view::npos && close + 1 < n) {
        if (s[close + 1] == '(') {
          const size_t paren = MatchBracket(s, close + 1, '(', ')');
          if (paren != std::string_view::npos) {
            Run(s.substr(i + 1, close - i - 1));
            i = paren + 1;
            continue;
          }
        } else if (s[close + 1] == '[') {
          const size_t ref = s.find(']', close + 2);
          if (ref != std::string_view::npos) {
            Run(s.substr(i + 1, close - i - 1));
            i = ref + 1;
            continue;
          }
        }
      }
    }
    if (c == '<') {
      if (s.substr(i, 4) == "<!--") {
        const size_t end = s.find("-->", i + 4);
        i = end == std::string_view::npos ? n : end + 3;
        continue;
      }
      const size_t gt = s.find('>', i + 1);
      if (gt != std::string_view::npos) {
        const std::string_view inside = s.substr(i + 1, gt - i - 1);
        if (StartsWithCi(inside, 0, "http://") || StartsWithCi(inside, 0, "https://") ||
            StartsWithCi(inside, 0, "mailto:") ||
            (inside.find('@') != std::string_view::npos &&
             inside.find(' ') == std::string_view::npos)) {
          out_->append(StartsWithCi(inside, 0, "mailto:") ? inside.substr(7) : inside);
          i = gt + 1;
          continue;
        }
        if (!inside.empty() && (IsAsciiAlpha(inside[0]) || (inside[0] == '/' && inside.size() > 1 &&
                                                            IsAsciiAlpha(inside[1])))) {
          // An HTML tag: dropped; block tags (<p>, <br>, <tr>) break lines.
          size_t k = inside[0] == '/' ? 1 : 0;
          std::string name;
          while (k < inside.size() && name.size() < 16 && IsAsciiAlnum(inside[k])) {
            name.push_back(Lower(inside[k++]));
          }
          const BlockBreak br = BreakOf(name);
          if (br == BlockBreak::kParagraph) out_->append("\n\n");
          if (br == BlockBreak::kLine) out_->push_back('\n');
          if (name == "td" || name == "th") out_->push_back(' ');
          i = gt + 1;
          continue;
        }
      }
    }
    if (c == '*' || c == '~' || (c == '_')) {
      size_t run = 0;
      while (i + run < n && s[i + run] == c) ++run;
      const bool space_before = i == 0 || IsSpaceByte(s[i - 1]);
      const bool space_after = i + run >= n || IsSpaceByte(s[i + run]);
      bool delimiter = !(space_before && space_after);
      if (c == '_') {
        // Intraword underscores stay (snake_case, file_names).
        const bool alnum_before = i > 0 && IsAsciiAlnum(s[i - 1]);
        const bool alnum_after = i + run < n && IsAsciiAlnum(s[i + run]);
        if (alnum_before && alnum_after) delimiter = false;
      }
      if (c == '~' && run < 2) delimiter = false;
      if (!delimiter) out_->append(s.substr(i, run));
      i += run;
      continue;
    }
    if (c == '&') {
      char32_t cp;
      const size_t len = ParseEntity(s, i, &cp);
      if (len > 0) {
        AppendUtf8(cp, out_);
        i += len;
        continue;
      }
    }
    out_->push_back(c);
    ++i;
  }
}

bool IsThematicBreak(std::string_view t) {
  if (t.size() < 3) return false;
  const char c = t[0];
  if (c != '-' && c != '*' && c != '_' && c != '=') return false;
  int count = 0;
  for (char x : t) {
    if (x == c) {
      ++count;
    } else if (!IsBlank(x)) {
      return false;
    }
  }
  return count >= 3;
}

bool IsTableSeparator(std::string_view t) {
  if (t.find('-') == std::string_view::npos || t.find('|') == std::string_view::npos) return false;
  for (char x : t) {
    if (x != '|' && x != '-' && x != ':' && !IsBlank(x)) return false;
  }
  return true;
}

// "- ", "* ", "+ ", "1. ", "1) ": the length of the marker with its space.
size_t ListMarker(std::string_view t) {
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && IsBlank(t[1])) return 2;
  size_t k = 0;
  while (k < t.size() && k < 9 && t[k] >= '0' && t[k] <= '9') ++k;
  if (k > 0 && k + 1 < t.size() && (t[k] == '.' || t[k] == ')') && IsBlank(t[k + 1])) return k + 2;
  return 0;
}

}  // namespace

Format DetectMarkup(std::string_view text) {
  // Markdown: links to URLs, strong emphasis, headings, code fences.
  size_t pos = 0;
  while ((pos = text.find("](", pos)) != std::string_view::npos) {
    pos += 2;
    if (StartsWithCi(text, pos, "http") || StartsWithCi(text, pos, "www.") ||
        StartsWithCi(text, pos, "/") || StartsWithCi(text, pos, "#") ||
        StartsWithCi(text, pos, "mailto:")) {
      return Format::kMarkdown;
    }
  }
  const size_t strong = text.find("**");
  if (strong != std::string_view::npos && strong + 2 < text.size() && !IsSpaceByte(text[strong + 2]) &&
      text.find("**", strong + 3) != std::string_view::npos) {
    return Format::kMarkdown;
  }
  for (size_t line = 0; line < text.size();) {
    if (text[line] == '#') {
      size_t h = line;
      while (h < text.size() && text[h] == '#') ++h;
      if (h - line <= 6 && h < text.size() && text[h] == ' ') return Format::kMarkdown;
    }
    if (text.substr(line, 3) == "```") return Format::kMarkdown;
    const size_t nl = text.find('\n', line);
    if (nl == std::string_view::npos) break;
    line = nl + 1;
  }
  // HTML: block tags.
  static constexpr std::string_view kTags[] = {"<p>", "<p ", "</p>", "<br", "<div", "</div>",
                                               "<li>", "<table", "<tr", "</a>", "<h1", "<h2"};
  int tags = 0;
  for (std::string_view tag : kTags) {
    if (FindCi(text, 0, tag) != std::string_view::npos && ++tags >= 2) return Format::kHtml;
  }
  return Format::kText;
}

void DecodeEntities(std::string_view s, std::string* out) {
  size_t i = 0;
  while (i < s.size()) {
    const size_t amp = s.find('&', i);
    if (amp == std::string_view::npos) {
      out->append(s.substr(i));
      return;
    }
    out->append(s.substr(i, amp - i));
    char32_t cp;
    const size_t len = ParseEntity(s, amp, &cp);
    if (len == 0) {
      out->push_back('&');
      i = amp + 1;
    } else {
      AppendUtf8(cp, out);
      i = amp + len;
    }
  }
}

std::string MarkdownToText(std::string_view md, std::string* title) {
  std::string raw;
  raw.reserve(md.size());
  MarkdownInline inline_md(&raw);
  bool in_fence = false;
  char fence_char = 0;
  size_t fence_len = 0;
  bool in_comment = false;
  bool first_content = true;
  size_t pos = 0;
  while (pos <= md.size()) {
    size_t nl = md.find('\n', pos);
    if (nl == std::string_view::npos) nl = md.size();
    std::string_view line = md.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    size_t indent = 0;
    while (indent < line.size() && indent < 3 && line[indent] == ' ') ++indent;
    std::string_view t = line.substr(indent);
    if (in_fence) {
      size_t k = 0;
      while (k < t.size() && t[k] == fence_char) ++k;
      if (k >= fence_len) in_fence = false;
      if (nl == md.size()) break;
      continue;
    }
    if (in_comment) {
      const size_t end = line.find("-->");
      if (end != std::string_view::npos) {
        in_comment = false;
        line = line.substr(end + 3);
        t = line;
      } else {
        if (nl == md.size()) break;
        continue;
      }
    }
    if (t.size() >= 3 && (t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~")) {
      fence_char = t[0];
      fence_len = 0;
      while (fence_len < t.size() && t[fence_len] == fence_char) ++fence_len;
      in_fence = true;
      raw.push_back('\n');
      if (nl == md.size()) break;
      continue;
    }
    // An HTML comment that does not close on its line.
    const size_t open_comment = t.find("<!--");
    if (open_comment != std::string_view::npos &&
        t.find("-->", open_comment + 4) == std::string_view::npos) {
      in_comment = true;
      t = t.substr(0, open_comment);
    }
    size_t b = 0;
    while (b < t.size() && IsBlank(t[b])) ++b;
    const std::string_view content = t.substr(b);
    if (content.empty()) {
      raw.push_back('\n');
    } else if (IsThematicBreak(content)) {
      raw.append("\n\n");
    } else if (IsTableSeparator(content)) {
      // dropped
    } else if (content[0] == '[' && content.find("]:") != std::string_view::npos &&
               content.find("](") == std::string_view::npos && content.find("]:") < content.find(' ')) {
      // a reference definition: dropped
    } else if (content[0] == '#') {
      size_t h = 0;
      while (h < content.size() && content[h] == '#') ++h;
      if (h <= 6 && (h == content.size() || IsBlank(content[h]))) {
        std::string_view heading = content.substr(h);
        while (!heading.empty() && (heading.back() == '#' || IsBlank(heading.back()))) {
          heading.remove_suffix(1);
        }
        while (!heading.empty() && IsBlank(heading.front())) heading.remove_prefix(1);
        raw.push_back('\n');
        const size_t start = raw.size();
        inline_md.Run(heading);
        if (first_content && h == 1 && title != nullptr) *title = raw.substr(start);
        raw.append("\n\n");
      } else {
        inline_md.Run(content);
        raw.push_back('\n');
      }
    } else {
      std::string_view body = content;
      while (!body.empty() && body[0] == '>') {
        body.remove_prefix(1);
        if (!body.empty() && body[0] == ' ') body.remove_prefix(1);
      }
      const size_t marker = ListMarker(body);
      raw.append(body.substr(0, marker));
      inline_md.Run(body.substr(marker));
      raw.push_back('\n');
    }
    if (!content.empty()) first_content = false;
    if (nl == md.size()) break;
  }
  return TidyLines(raw);
}

// ---------------------------------------------------------------- HTML

namespace {

BlockBreak BreakOf(std::string_view tag) {
  static constexpr std::string_view kParagraphTags[] = {
      "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl",
      "section", "article", "figure", "header", "footer", "main", "aside", "nav", "hr", "address",
      "form", "fieldset", "details", "body"};
  static constexpr std::string_view kLineTags[] = {
      "br", "li", "tr", "div", "dt", "dd", "figcaption", "summary", "caption", "option",
      "thead", "tbody", "tfoot", "legend", "center"};
  for (std::string_view t : kParagraphTags) {
    if (t == tag) return BlockBreak::kParagraph;
  }
  for (std::string_view t : kLineTags) {
    if (t == tag) return BlockBreak::kLine;
  }
  return BlockBreak::kNone;
}

bool IsRawContentTag(std::string_view tag) {
  static constexpr std::string_view kTags[] = {"script", "style",  "noscript", "template",
                                               "svg",    "math",   "iframe",   "object",
                                               "head-script", "textarea", "select", "canvas"};
  for (std::string_view t : kTags) {
    if (t == tag) return true;
  }
  return false;
}

// The end of a tag starting at s[i] == '<' (index after '>'), respecting
// quoted attribute values; npos when it never closes.
size_t TagEnd(std::string_view s, size_t i) {
  char quote = 0;
  for (size_t k = i + 1; k < s.size(); ++k) {
    const char c = s[k];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return k + 1;
    }
  }
  return std::string_view::npos;
}

class HtmlText {
 public:
  explicit HtmlText(std::string* out) : out_(out) {}

  void Text(std::string_view s, bool pre) {
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (!pre && IsSpaceByte(c)) {
        space_ = true;
        continue;
      }
      if (c == '&') {
        char32_t cp;
        const size_t len = ParseEntity(s, i, &cp);
        if (len > 0) {
          Flush();
          AppendUtf8(cp, out_);
          i += len - 1;
          continue;
        }
      }
      if (pre && c == '\n') {
        out_->push_back('\n');
        space_ = false;
        continue;
      }
      Flush();
      out_->push_back(c);
    }
  }
  // Ends the line (kLine) or the paragraph (kParagraph), once: "</div><div>"
  // is one line break, not two.
  void Break(BlockBreak b) {
    if (b == BlockBreak::kNone) return;
    const size_t want = b == BlockBreak::kParagraph ? 2 : 1;
    size_t have = 0;
    while (have < out_->size() && (*out_)[out_->size() - 1 - have] == '\n') ++have;
    if (have < want) out_->append(want - have, '\n');
    space_ = false;
  }
  void Space() { space_ = true; }

 private:
  void Flush() {
    if (space_ && !out_->empty() && out_->back() != '\n') out_->push_back(' ');
    space_ = false;
  }
  std::string* out_;
  bool space_ = false;
};

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsSpaceByte(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

std::string HtmlToText(std::string_view html, std::string* title) {
  std::string raw;
  raw.reserve(html.size() / 2);
  HtmlText text(&raw);
  int pre_depth = 0;
  bool have_title = false;
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    const size_t lt = html.find('<', i);
    const size_t stop = lt == std::string_view::npos ? n : lt;
    text.Text(html.substr(i, stop - i), pre_depth > 0);
    if (stop >= n) break;
    i = stop;
    if (html.substr(i, 4) == "<!--") {
      const size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    if (html.substr(i, 9) == "<![CDATA[") {
      const size_t end = html.find("]]>", i + 9);
      const size_t stop_cdata = end == std::string_view::npos ? n : end;
      text.Text(html.substr(i + 9, stop_cdata - i - 9), pre_depth > 0);
      i = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    size_t k = i + 1;
    const bool closing = k < n && html[k] == '/';
    if (closing) ++k;
    if (k >= n || !(IsAsciiAlpha(html[k]) || html[k] == '!' || html[k] == '?')) {
      text.Text("<", pre_depth > 0);  // a literal "<"
      ++i;
      continue;
    }
    const size_t end = TagEnd(html, i);
    if (end == std::string_view::npos) {
      text.Text(html.substr(i), pre_depth > 0);
      break;
    }
    if (html[k] == '!' || html[k] == '?') {  // doctype, processing instruction
      i = end;
      continue;
    }
    std::string name;
    while (k < n && (IsAsciiAlnum(html[k]) || html[k] == '-' || html[k] == ':')) {
      name.push_back(Lower(html[k]));
      ++k;
    }
    i = end;
    if (!closing && (IsRawContentTag(name) || name == "title")) {
      const std::string close = "</" + name;
      const size_t close_at = FindCi(html, i, close);
      const size_t content_end = close_at == std::string_view::npos ? n : close_at;
      if (name == "title" && !have_title) {
        have_title = true;
        if (title != nullptr) {
          std::string decoded;
          DecodeEntities(html.substr(i, content_end - i), &decoded);
          *title = CollapseSpaces(decoded);
        }
      }
      if (close_at == std::string_view::npos) {
        i = n;
      } else {
        const size_t after = TagEnd(html, close_at);
        i = after == std::string_view::npos ? n : after;
      }
      continue;
    }
    if (name == "pre") pre_depth = std::max(0, pre_depth + (closing ? -1 : 1));
    if (name == "td" || name == "th") {
      text.Space();
      continue;
    }
    text.Break(BreakOf(name));
  }
  return TidyLines(raw);
}

}  // namespace relgraph::ingest
