#include "src/text/tokenizer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "src/text/chars.h"
#include "src/text/raw_token.h"

namespace relgraph::text {
namespace {

// Tokens joined by "|".
std::string Joined(std::string_view text) {
  std::string out;
  for (const Token& t : Tokenizer().Tokenize(text)) {
    if (!out.empty()) out += "|";
    out += t.text;
  }
  return out;
}

struct Case {
  const char* input;
  const char* tokens;
};

// EWT conventions, and what the brief asks beyond them.
const Case kCases[] = {
    // Punctuation split off.
    {"Hello, world.", "Hello|,|world|."},
    {"(TTP), [x]; {y}: z!", "(|TTP|)|,|[|x|]|;|{|y|}|:|z|!"},
    {"Really?! No...", "Really|?!|No|..."},
    {"Wait… what", "Wait|…|what"},
    // Possessives and contractions.
    {"Patel's comments", "Patel|'s|comments"},
    {"the countries' border", "the|countries|'|border"},
    {"don't", "do|n't"},
    {"I'm", "I|'m"},
    {"can't", "ca|n't"},
    {"won't", "wo|n't"},
    {"they'll", "they|'ll"},
    {"We've, you'd, they're", "We|'ve|,|you|'d|,|they|'re"},
    {"Don’t", "Do|n’t"},
    {"Fogel’s mother", "Fogel|’s|mother"},
    {"Let's go", "Let|'s|go"},
    {"cannot", "can|not"},
    {"Cannot", "Can|not"},
    {"O'Neill and D'Amato", "O'Neill|and|D'Amato"},
    {"JFK Jr.'s book", "JFK|Jr.|'s|book"},
    // Quotes, straight and curly.
    {"\"We agreed.\" He left.", "\"|We|agreed|.|\"|He|left|."},
    {"“Yes,” she said", "“|Yes|,|”|she|said"},
    {"'This is great.'", "'|This|is|great|.|'"},
    {"the '90s", "the|'90s"},
    // Numbers, money, percent.
    {"92%", "92|%"},
    {"$4.25 an hour", "$|4.25|an|hour"},
    {"€5 and £10", "€|5|and|£|10"},
    {"1,000 people", "1,000|people"},
    {"3.5% growth", "3.5|%|growth"},
    {"at 10:30", "at|10:30"},
    {"in 2024.", "in|2024|."},
    {"the 1990s", "the|1990s"},
    {"1st and 21st", "1st|and|21st"},
    {"Q1 2024", "Q1|2024"},
    {"COVID-19 and F-16s", "COVID-19|and|F-16s"},
    // Hyphenated words and names stay whole.
    {"Tehreek-e-Taliban", "Tehreek-e-Taliban"},
    {"ISIS-Khorasan", "ISIS-Khorasan"},
    {"counter-IED investigations", "counter-IED|investigations"},
    {"a high-level, violence-linked al-Qaeda plot", "a|high-level|,|violence-linked|al-Qaeda|plot"},
    // Dashes are tokens.
    {"Khorasan — also known as Daesh — the TTP",
     "Khorasan|—|also|known|as|Daesh|—|the|TTP"},
    {"overdue—and", "overdue|—|and"},
    {"2019–2020", "2019|–|2020"},
    {"yes -- no - maybe", "yes|--|no|-|maybe"},
    // Abbreviations, acronyms, initials.
    {"Mr. Smith", "Mr.|Smith"},
    {"Gen. Asim Munir", "Gen.|Asim|Munir"},
    {"the U.S. State Department", "the|U.S.|State|Department"},
    {"the U.N. and U.K.", "the|U.N.|and|U.K."},
    {"e.g. this, i.e. that", "e.g.|this|,|i.e.|that"},
    {"at 5 p.m. on Monday", "at|5|p.m.|on|Monday"},
    {"No. 10 Downing Street", "No.|10|Downing|Street"},
    {"The answer is no.", "The|answer|is|no|."},
    {"Jonas E. Smith", "Jonas|E.|Smith"},
    {"J. R. R. Tolkien", "J.|R.|R.|Tolkien"},
    {"Apple Inc. and Ltd.", "Apple|Inc.|and|Ltd.|"},
    {"U.S.-led", "U.S.|-|led"},
    // URLs, e-mail, handles, hashtags.
    {"see https://example.com/a_b?c=1.", "see|https://example.com/a_b?c=1|."},
    {"(https://x.com/POTUS/status/1)", "(|https://x.com/POTUS/status/1|)"},
    {"www.state.gov, or", "www.state.gov|,|or"},
    {"mail Jane.Doe@example.com.", "mail|Jane.Doe@example.com|."},
    // The address search moves on from one '@' to the next (and from an
    // address at the text start).
    {"a@b.org, x @c d e.f@g.net h", "a@b.org|,|x|@c|d|e.f@g.net|h"},
    {"thanks @WhiteHouse #Pakistan2024", "thanks|@WhiteHouse|#Pakistan2024"},
    {"Znak.com claims", "Znak.com|claims"},
    // Bullets and symbols.
    {"• US reassures", "•|US|reassures"},
    {"AT&T and Q&A", "AT&T|and|Q&A"},
    {"and/or", "and/or"},
    // Non-ASCII letters stay inside words.
    {"Niinistö in München", "Niinistö|in|München"},
    // Former bugs.
    // A word followed directly by "." and a capital is not joined to it.
    {"said.The", "said|.|The"},
    // "Ph.D." is one abbreviation (listed), not "Ph" "." "D.".
    {"a Ph.D. student", "a|Ph.D.|student"},
};

// IsLetter and IsWordChar test a range of the class enum; they must agree
// with the classes they name, for every class.
TEST(TokenizerTest, CharClassRangesMatchTheirClasses) {
  for (int i = 0; i <= chars::kSymbol; ++i) {
    const auto c = static_cast<chars::Class>(i);
    const bool letter = c == chars::kUpper || c == chars::kLower || c == chars::kCaseless;
    EXPECT_EQ(chars::IsLetter(c), letter) << i;
    EXPECT_EQ(chars::IsWordChar(c), letter || c == chars::kDigit || c == chars::kExtend) << i;
  }
}

// ClassAt reads U+2000-U+203F (E2 80 xx) from a table instead of decoding:
// the same class and length as decoding gives, and truncated or invalid
// sequences still decoded (as U+FFFD over the bad bytes).
TEST(TokenizerTest, GeneralPunctuationClassesMatchDecoding) {
  for (int k = 0; k < 64; ++k) {
    const std::string s = std::string("\xE2\x80") + static_cast<char>(0x80 + k) + "x";
    size_t len = 0;
    char32_t cp = 0;
    EXPECT_EQ(chars::ClassAt(s, 0, &len), chars::Classify(0x2000 + k)) << k;
    EXPECT_EQ(len, 3u);
    EXPECT_EQ(chars::ClassAt(s, 0, &len, &cp), chars::Classify(0x2000 + k)) << k;
    EXPECT_EQ(cp, static_cast<char32_t>(0x2000 + k));
    EXPECT_EQ(chars::ClassAt(s.substr(0, 3), 0, &len), chars::Classify(0x2000 + k)) << k;
    EXPECT_EQ(len, 3u);
  }
  const std::string bad[] = {"\xE2\x80", "\xE2\x80x", "\xE2\x80\xC0", "\xE2\x81\x80"};
  for (const std::string& s : bad) {
    size_t len = 0, want_len = 0;
    char32_t cp = 0;
    const chars::Class want = chars::Classify(chars::Decode(s, 0, &want_len));
    EXPECT_EQ(chars::ClassAt(s, 0, &len), want);
    EXPECT_EQ(len, want_len);
    EXPECT_EQ(chars::ClassAt(s, 0, &len, &cp), want);
  }
}

// TokenizeRaw lists the tokens the splitter visits; the lists must be what
// a scan of every token finds.
TEST(TokenizerTest, RawIndexListsWhatAScanFinds) {
  using internal::Kind;
  const std::string text =
      "WASHINGTON \xE2\x80\x94 Mr. Smith said: 1. First item\n2) second item\na. third\n\n"
      "\xE2\x80\xA2 A bullet. Dr. J. Doe visited the U.S. on Jan. 5... It rained?! Yes \xE2\x80\xA6\n"
      "- a dash item; 10 x 123 y 1234 z I. e.g. done.\r\nEnd";
  std::vector<internal::RawToken> raw;
  internal::RawIndex index;
  internal::TokenizeRaw(text, Lexicon::Default(), &raw, &index);
  internal::RawIndex scan;
  for (uint32_t i = 0; i < raw.size(); ++i) {
    const internal::RawToken& t = raw[i];
    const uint32_t size = t.end - t.begin;
    if (t.newlines_before > 0 || t.kind == Kind::kBullet) scan.line_starts.push_back(i);
    if ((internal::KindBit(t.kind) & internal::kTerminatorKinds) != 0) scan.terminators.push_back(i);
    if ((t.kind == Kind::kNumber && size <= 3) || t.kind == Kind::kInitial ||
        (t.kind == Kind::kWord && size == 1)) {
      scan.markers.push_back(i);
    }
  }
  EXPECT_EQ(index.line_starts, scan.line_starts);
  EXPECT_EQ(index.terminators, scan.terminators);
  EXPECT_EQ(index.markers, scan.markers);
  EXPECT_GE(scan.line_starts.size(), 5u);
  EXPECT_GE(scan.terminators.size(), 8u);
  EXPECT_GE(scan.markers.size(), 4u);
}

TEST(TokenizerTest, FollowsEwtConventions) {
  for (const Case& c : kCases) {
    std::string want = c.tokens;
    if (!want.empty() && want.back() == '|') want.pop_back();
    EXPECT_EQ(Joined(c.input), want) << "input: " << c.input;
  }
}

TEST(TokenizerTest, SpansReproduceTheSurfaceText) {
  const std::string text =
      "US State Department's Principal Deputy Spokesperson — \"We confirmed\" (TTP)\n\n"
      "  • 92% of $4.25 ... don't stop";
  const std::vector<Token> tokens = Tokenizer().Tokenize(text);
  ASSERT_FALSE(tokens.empty());
  uint32_t previous_end = 0;
  for (const Token& t : tokens) {
    EXPECT_GE(t.span.begin, previous_end);
    EXPECT_LT(t.span.begin, t.span.end);
    EXPECT_EQ(t.text, text.substr(t.span.begin, t.span.size()));
    previous_end = t.span.end;
  }
}

TEST(TokenizerTest, SetsSpaceAfterAndShape) {
  const std::vector<Token> t = Tokenizer().Tokenize("Patel's U.S. visit, 92%");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_FALSE(t[0].space_after);  // Patel|'s
  EXPECT_TRUE(t[1].space_after);
  EXPECT_EQ(t[0].shape, Shape::kTitle);
  EXPECT_EQ(t[2].shape, Shape::kUpper);   // U.S.
  EXPECT_EQ(t[3].shape, Shape::kLower);   // visit
  EXPECT_EQ(t[4].shape, Shape::kPunct);   // ,
  EXPECT_EQ(t[5].shape, Shape::kDigits);  // 92
  EXPECT_EQ(t[6].shape, Shape::kSymbol);  // %
  EXPECT_FALSE(t[6].space_after);         // end of text
}

TEST(TokenizerTest, CutsVeryLongTokens) {
  const std::string text(5000, 'a');
  const std::vector<Token> t = Tokenizer().Tokenize(text);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].span.size(), kMaxTokenBytes);
  EXPECT_FALSE(t[0].space_after);
  EXPECT_EQ(t[2].span.end, 5000u);
}

TEST(TokenizerTest, SurvivesInvalidUtf8AndControlBytes) {
  const std::string text = std::string("ab\xFF\xC0 c" "d \xE2\x80", 11);
  const std::vector<Token> t = Tokenizer().Tokenize(text);
  ASSERT_FALSE(t.empty());
  for (const Token& tok : t) EXPECT_EQ(tok.text, text.substr(tok.span.begin, tok.span.size()));
  EXPECT_EQ(t.back().span.end, text.size());
}

// Runs of small letters are scanned eight bytes at a time: words of every
// length up to two blocks, at the end of the text or before a joiner, a
// capital, a space, a digit or a multi-byte character, split as before.
TEST(TokenizerTest, SmallLetterRunsOfEveryLength) {
  const std::string letters = "abcdefghijklmnopqrstuvwxyz";
  for (size_t len = 1; len <= 18; ++len) {
    const std::string w = letters.substr(0, len);
    EXPECT_EQ(Joined(w), w);
    EXPECT_EQ(Joined(w + " x"), w + "|x");
    EXPECT_EQ(Joined(w + "-" + w), w + "-" + w);
    EXPECT_EQ(Joined(w + "Q" + w), w + "Q" + w);
    EXPECT_EQ(Joined(w + "9 " + w), w + "9|" + w);
    EXPECT_EQ(Joined(w + "\u00E9" + w), w + "\u00E9" + w);
    EXPECT_EQ(Joined(w + "\u2014" + w), w + "|\u2014|" + w);
    EXPECT_EQ(Joined(w + "'s."), w + "|'s|.");
    EXPECT_EQ(Joined("(" + w + ")"), "(|" + w + "|)");
  }
}

// Words of ASCII letters (all small but maybe the first) take a shorter
// path when an ASCII byte that can neither continue nor join them (or the
// text end) follows: the same token, kind, shape and flags as any word, and
// addresses, URLs, abbreviations and lexicon splits still found.
TEST(TokenizerTest, PlainWordsBeforeEveryAsciiByte) {
  using internal::Kind;
  const std::string kJoiners = "-.,:/&_'";
  for (const std::string w : {"a", "I", "the", "The", "Zebra", "abcdefghijklmnopqrstu", "Qxyzzy"}) {
    for (int c = 1; c < 0x80; ++c) {
      const char ch = static_cast<char>(c);
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
          kJoiners.find(ch) != std::string::npos) {
        continue;
      }
      for (const std::string& text : {" " + w + ch + "x y", " " + w}) {
        std::vector<internal::RawToken> raw;
        internal::RawIndex index;
        internal::TokenizeRaw(text, Lexicon::Default(), &raw, &index);
        ASSERT_FALSE(raw.empty());
        const internal::RawToken& t = raw[0];
        EXPECT_EQ(t.begin, 1u) << text;
        EXPECT_EQ(t.end, 1 + w.size()) << text;
        EXPECT_EQ(t.kind, Kind::kWord) << text;
        EXPECT_EQ(t.shape, ShapeOf(w)) << text;
        const bool capital = w[0] >= 'A' && w[0] <= 'Z';
        const uint8_t all_upper = capital && w.size() == 1 ? internal::kAllUpper : 0;
        EXPECT_EQ(t.flags, internal::kSpaceBefore |
                               (capital ? internal::kCapital : internal::kLowerStart) | all_upper)
            << text;
      }
    }
  }
  for (const std::string w : {"a", "The", "abcdefghijklmnopqrstu"}) {
    EXPECT_EQ(Joined(w + "@example.org, " + w), w + "@example.org|,|" + w);
  }
  EXPECT_EQ(Joined("mail abc+def@example.org now"), "mail|abc+def@example.org|now");
  EXPECT_EQ(Joined("see http://example.org/a now"), "see|http://example.org/a|now");
  EXPECT_EQ(Joined("see www.example.org now"), "see|www.example.org|now");
  EXPECT_EQ(Joined("Mr. Smith cannot go;"), "Mr.|Smith|can|not|go|;");
  EXPECT_EQ(Joined("cannot"), "can|not");
  EXPECT_EQ(Joined("a b"), "a|b");
}

TEST(TokenizerTest, EmptyAndBlankTextsHaveNoTokens) {
  EXPECT_TRUE(Tokenizer().Tokenize("").empty());
  EXPECT_TRUE(Tokenizer().Tokenize(" \n\t  ").empty());
}

}  // namespace
}  // namespace relgraph::text
