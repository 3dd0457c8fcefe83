#include "src/text/segmenter.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace relgraph::text {
namespace {

// Sentences joined by " | ".
std::string Split(std::string_view text, SegmentOptions options = {}) {
  std::string out;
  for (const Span& s : Segmenter(Lexicon::Default(), options).SplitSentences(text)) {
    if (!out.empty()) out += " | ";
    out += text.substr(s.begin, s.size());
  }
  return out;
}

struct Case {
  const char* text;
  const char* sentences;
};

const Case kSplitCases[] = {
    // Titles and abbreviations in news.
    {"Army chief Gen. Asim Munir met Lt. Col. Ahmed. He left.",
     "Army chief Gen. Asim Munir met Lt. Col. Ahmed. | He left."},
    {"Sen. Smith and Rep. Jones spoke to Gov. Brown. Dr. Lee agreed.",
     "Sen. Smith and Rep. Jones spoke to Gov. Brown. | Dr. Lee agreed."},
    {"It came from the U.S. State Department on Tuesday.",
     "It came from the U.S. State Department on Tuesday."},
    {"Aid came from the U.S. The U.K. followed.", "Aid came from the U.S. | The U.K. followed."},
    {"They met at 5 p.m. on Monday. Talks went on.",
     "They met at 5 p.m. on Monday. | Talks went on."},
    {"Workers earn $4.25 an hour. That is low.", "Workers earn $4.25 an hour. | That is low."},
    {"He lives at No. 10 Downing Street.", "He lives at No. 10 Downing Street."},
    {"The talks were on Jan. 15 and Feb. 3 this year.",
     "The talks were on Jan. 15 and Feb. 3 this year."},
    {"See pp. 12-14 and p. 55 for details.", "See pp. 12-14 and p. 55 for details."},
    {"Arsenal vs. Chelsea ended 2-2, i.e. a draw, e.g. like last year.",
     "Arsenal vs. Chelsea ended 2-2, i.e. a draw, e.g. like last year."},
    {"Acme Corp. and Widgets Ltd. signed. Acme Inc. It closed.",
     "Acme Corp. and Widgets Ltd. signed. | Acme Inc. | It closed."},
    {"He met Martin Luther King Jr. on Monday.", "He met Martin Luther King Jr. on Monday."},
    {"He visited St. Louis and Mt. Everest.", "He visited St. Louis and Mt. Everest."},
    {"Inflation rose 3.5% in 2024. Prices fell.", "Inflation rose 3.5% in 2024. | Prices fell."},
    {"J. R. R. Tolkien wrote it. Jonas E. Smith read it.",
     "J. R. R. Tolkien wrote it. | Jonas E. Smith read it."},
    {"Visit https://example.com/a.html. Then e-mail info@example.org. Done.",
     "Visit https://example.com/a.html. | Then e-mail info@example.org. | Done."},
    // Quotes and brackets.
    {"\"We agreed.\" He left.", "\"We agreed.\" | He left."},
    {"“We agreed,” he said. “Now we act.”", "“We agreed,” he said. | “Now we act.”"},
    {"He said so. (See below.) Then he left.", "He said so. | (See below.) | Then he left."},
    {"He said \"Why?\" and left.", "He said \"Why?\" and left."},
    {"Really? Yes! Fine.", "Really? | Yes! | Fine."},
    // Ellipses.
    {"He paused ... then spoke.", "He paused ... then spoke."},
    {"It ended.... Nobody came.", "It ended.... | Nobody came."},
    // Bullets, lists, blank lines, headlines.
    {"• US reassures Pakistan.\n• Talks go on.", "• US reassures Pakistan. | • Talks go on."},
    {"Key points:\n- first point\n- second point",
     "Key points: | - first point | - second point"},
    {"1. The first item 2. The second item", "1. The first item | 2. The second item"},
    {"US reaffirms support to Pakistan\n\nThe United States said so.",
     "US reaffirms support to Pakistan | The United States said so."},
    {"By\nWeb Desk\nThe report said so.", "By | Web Desk | The report said so."},
    // Line breaks: one paragraph a line...
    {"First paragraph ends here.\nSecond one starts.\nThird",
     "First paragraph ends here. | Second one starts. | Third"},
    // ...unless the next line goes on in lower case.
    {"The meeting was held in\nWashington earlier this week.\n",
     "The meeting was held in | Washington earlier this week."},
    {"The meeting was held\nin Washington this week.", "The meeting was held\nin Washington this week."},
    // Former bugs.
    // An initial that ends a sentence before a pronoun.
    {"We make a good team, you and I. Did you see Albert I. Jones?",
     "We make a good team, you and I. | Did you see Albert I. Jones?"},
    // An inline list item after a closing quote ("... Brazil.” - President ...").
    {"We thank him.” - President Trump spoke. - GE announced a plan.",
     "We thank him.” | - President Trump spoke. | - GE announced a plan."},
};

TEST(SegmenterTest, SplitsNewsSentences) {
  for (const Case& c : kSplitCases) {
    EXPECT_EQ(Split(c.text), c.sentences) << "text: " << c.text;
  }
}

TEST(SegmenterTest, HardWrappedProseJoinsLines) {
  const std::string text =
      "The meeting was co-chaired by the additional foreign secretary and\n"
      "the coordinator for counter-terrorism, who said that both countries\n"
      "recognised the threat. A partnership to counter the group will\n"
      "advance security in the region and serve as a model.\n\n"
      "Next paragraph.";
  EXPECT_EQ(Split(text),
            "The meeting was co-chaired by the additional foreign secretary and\n"
            "the coordinator for counter-terrorism, who said that both countries\n"
            "recognised the threat. | A partnership to counter the group will\n"
            "advance security in the region and serve as a model. | Next paragraph.");
}

TEST(SegmenterTest, LineBreakModes) {
  SegmentOptions hard;
  hard.line_breaks = LineBreaks::kHard;
  EXPECT_EQ(Split("a line\nin lower case", hard), "a line | in lower case");
  SegmentOptions soft;
  soft.line_breaks = LineBreaks::kSoft;
  EXPECT_EQ(Split("A headline\nThe story.\n\nMore.", soft), "A headline\nThe story. | More.");
  EXPECT_EQ(Split("Intro\n- one\n- two", soft), "Intro | - one | - two");
}

struct MetaCase {
  const char* text;
  MetaKind kind;
  const char* meta;       // the metadata text
  const char* sentences;  // what remains, " | "-joined
};

const MetaCase kMetaCases[] = {
    {"WASHINGTON: The United States reiterated its support.", MetaKind::kDateline, "WASHINGTON:",
     "The United States reiterated its support."},
    {"WASHINGTON — The talks ended.", MetaKind::kDateline, "WASHINGTON —", "The talks ended."},
    {"KARACHI, Pakistan (Reuters) - Police said on Monday.", MetaKind::kDateline,
     "KARACHI, Pakistan (Reuters) -", "Police said on Monday."},
    {"ISLAMABAD, May 15: The Foreign Office said so.", MetaKind::kDateline, "ISLAMABAD, May 15:",
     "The Foreign Office said so."},
    {"NEW DELHI (AP) — Rain fell.", MetaKind::kDateline, "NEW DELHI (AP) —", "Rain fell."},
    {"Intro.\n\nTHE HAGUE, Netherlands — Judges met.", MetaKind::kDateline,
     "THE HAGUE, Netherlands —", "Intro. | Judges met."},
    {"A spokesman addresses a briefing in Washington in this still taken from a video. — "
     "YouTube/US Department of State\nNext line.",
     MetaKind::kCredit, "— YouTube/US Department of State",
     "A spokesman addresses a briefing in Washington in this still taken from a video. | Next line."},
    {"Police patrol a street in Karachi — Reuters", MetaKind::kCredit, "— Reuters",
     "Police patrol a street in Karachi"},
    {"Rescue workers search the rubble on Tuesday. (AFP)", MetaKind::kCredit, "(AFP)",
     "Rescue workers search the rubble on Tuesday."},
    {"Soldiers stand guard in Kabul. Photo: Reuters", MetaKind::kCredit, "Photo: Reuters",
     "Soldiers stand guard in Kabul."},
    {"A volunteer hangs signs in Tyler, Texas (April 2019) Image: Paul Budd.", MetaKind::kCredit,
     "Image: Paul Budd.", "A volunteer hangs signs in Tyler, Texas (April 2019)"},
    {"MS. PSAKI: Go ahead. We support it.", MetaKind::kSpeaker, "MS. PSAKI:",
     "Go ahead. | We support it."},
    {"THE PRESIDENT: Thank you all.", MetaKind::kSpeaker, "THE PRESIDENT:", "Thank you all."},
    {"SENIOR ADMINISTRATION OFFICIAL: Yes.", MetaKind::kSpeaker,
     "SENIOR ADMINISTRATION OFFICIAL:", "Yes."},
};

TEST(SegmenterTest, SeparatesDatelinesCreditsAndSpeakers) {
  Segmenter segmenter;
  for (const MetaCase& c : kMetaCases) {
    const std::string text = c.text;
    const Segmentation seg = segmenter.Segment(text);
    ASSERT_EQ(seg.metadata.size(), 1u) << "text: " << text;
    const TextMeta& m = seg.metadata[0];
    EXPECT_EQ(m.kind, c.kind) << "text: " << text;
    EXPECT_EQ(m.text, c.meta) << "text: " << text;
    EXPECT_EQ(m.text, text.substr(m.span.begin, m.span.size()));
    std::string got;
    for (const Sentence& s : seg.sentences) {
      if (!got.empty()) got += " | ";
      got += text.substr(s.span.begin, s.span.size());
    }
    EXPECT_EQ(got, c.sentences) << "text: " << text;
    ASSERT_LT(m.sentence, seg.sentences.size()) << "text: " << text;
    if (m.kind == MetaKind::kCredit) {
      EXPECT_LE(seg.sentences[m.sentence].span.end, m.span.begin);
    } else {
      EXPECT_GE(seg.sentences[m.sentence].span.begin, m.span.end);
    }
  }
}

TEST(SegmenterTest, LeavesLookalikesInTheSentence) {
  const char* kTexts[] = {
      "UPDATE: The talks resumed on Monday.",       // a kicker, not a place
      "FACT SHEET: The President signs an order.",  // likewise
      "NATO allies met — and agreed.",              // not all capitals
      "He waited — forever",                        // a dash, no credit
      "A U.S. CBDC — a digital dollar — is banned.",
      "US reassures Pakistan.",
  };
  Segmenter segmenter;
  for (const char* text : kTexts) {
    EXPECT_TRUE(segmenter.Segment(text).metadata.empty()) << "text: " << text;
  }
}

TEST(SegmenterTest, SegmentsTheSeedArticleHeader) {
  const std::string text =
      "US reaffirms support to Pakistan on terrorism, western border issues\n\n"
      "By\nWeb Desk\n"
      "Patel addresses a press briefing in Washington, on May 15, 2024 in this still taken "
      "from a video. — YouTube/US Department of State\n"
      "  • US reassures of technical assistance to Pakistan over border threats.\n"
      "  • Islamabad, Washington agree on deterring terrorist groups: spox.\n\n"
      "WASHINGTON: The United States Wednesday once again reiterated its support.\n";
  const Segmentation seg = Segmenter().Segment(text);
  std::vector<std::string> got;
  for (const Sentence& s : seg.sentences) got.push_back(text.substr(s.span.begin, s.span.size()));
  const std::vector<std::string> want = {
      "US reaffirms support to Pakistan on terrorism, western border issues",
      "By",
      "Web Desk",
      "Patel addresses a press briefing in Washington, on May 15, 2024 in this still taken "
      "from a video.",
      "• US reassures of technical assistance to Pakistan over border threats.",
      "• Islamabad, Washington agree on deterring terrorist groups: spox.",
      "The United States Wednesday once again reiterated its support.",
  };
  EXPECT_EQ(got, want);
  ASSERT_EQ(seg.metadata.size(), 2u);
  EXPECT_EQ(seg.metadata[0].kind, MetaKind::kCredit);
  EXPECT_EQ(seg.metadata[0].text, "— YouTube/US Department of State");
  EXPECT_EQ(seg.metadata[0].sentence, 3u);
  EXPECT_EQ(seg.metadata[1].kind, MetaKind::kDateline);
  EXPECT_EQ(seg.metadata[1].text, "WASHINGTON:");
  EXPECT_EQ(seg.metadata[1].sentence, 6u);
}

TEST(SegmenterTest, FillsSentencesAndTokens) {
  const std::string text = "Patel's comments refer to a high-level meeting. We make a team, you and I.";
  const Segmentation seg = Segmenter().Segment(text);
  ASSERT_EQ(seg.sentences.size(), 2u);
  const Sentence& a = seg.sentences[0];
  EXPECT_EQ(a.index, 0u);
  EXPECT_EQ(seg.sentences[1].index, 1u);
  ASSERT_EQ(a.tokens.size(), 9u);
  EXPECT_EQ(a.tokens[0].text, "Patel");
  EXPECT_EQ(a.tokens[1].text, "'s");
  EXPECT_EQ(a.tokens[6].text, "high-level");
  EXPECT_EQ(a.span.begin, a.tokens.front().span.begin);
  EXPECT_EQ(a.span.end, a.tokens.back().span.end);
  // A sentence-final "I." is the pronoun and a period.
  const Sentence& b = seg.sentences[1];
  ASSERT_GE(b.tokens.size(), 2u);
  EXPECT_EQ(b.tokens[b.tokens.size() - 2].text, "I");
  EXPECT_FALSE(b.tokens[b.tokens.size() - 2].space_after);
  EXPECT_EQ(b.tokens.back().text, ".");
  EXPECT_TRUE(seg.diagnostics.empty());
}

TEST(SegmenterTest, CutsOverlongSentencesAndReportsThem) {
  std::string text;
  for (int i = 0; i < 2500; ++i) text += "word ";
  text += "end.";
  SegmentOptions options;  // 1,000 tokens
  ingest::Document doc;
  doc.id = "doc-7";
  doc.text = text;
  Segmentation seg;
  Segmenter(Lexicon::Default(), options).Segment(doc, &seg);
  ASSERT_EQ(seg.sentences.size(), 3u);
  EXPECT_EQ(seg.sentences[0].tokens.size(), 1000u);
  EXPECT_EQ(seg.sentences[1].tokens.size(), 1000u);
  EXPECT_EQ(seg.sentences[2].tokens.size(), 502u);
  EXPECT_EQ(seg.sentences[2].span.end, text.size());  // nothing dropped
  ASSERT_EQ(seg.diagnostics.size(), 1u);
  EXPECT_EQ(seg.diagnostics[0].severity, ingest::Severity::kWarning);
  EXPECT_EQ(seg.diagnostics[0].status.where().file, "doc-7");
  EXPECT_EQ(seg.diagnostics[0].status.where().byte_offset, 0);
  EXPECT_NE(seg.diagnostics[0].status.message().find("2502 tokens"), std::string::npos);

  // The byte limit applies too.
  SegmentOptions small;
  small.max_sentence_bytes = 100;
  Segmenter(Lexicon::Default(), small).Segment(doc, &seg);
  for (const Sentence& s : seg.sentences) EXPECT_LE(s.span.size(), 100u);
  EXPECT_EQ(seg.sentences.back().span.end, text.size());
}

// Sentences a shorter document does not need are kept in spare_sentences
// (not freed) and serve the next longer document, cleared like reused ones.
TEST(SegmenterTest, ReusedSegmentationKeepsSpareSentences) {
  const Segmenter segmenter;
  Segmentation seg;
  segmenter.Segment("First one. Second one. Third one.", &seg);
  ASSERT_EQ(seg.sentences.size(), 3u);
  seg.sentences[2].mentions.emplace_back();
  seg.sentences[2].tokens[0].lemma = "third";
  segmenter.Segment("Only one.", &seg);
  ASSERT_EQ(seg.sentences.size(), 1u);
  EXPECT_EQ(seg.spare_sentences.size(), 2u);
  segmenter.Segment("Alpha. Beta. Gamma. Delta.", &seg);
  ASSERT_EQ(seg.sentences.size(), 4u);
  EXPECT_TRUE(seg.spare_sentences.empty());
  for (uint32_t i = 0; i < 4; ++i) {
    EXPECT_EQ(seg.sentences[i].index, i);
    EXPECT_TRUE(seg.sentences[i].mentions.empty());
    ASSERT_EQ(seg.sentences[i].tokens.size(), 2u);
    EXPECT_EQ(seg.sentences[i].tokens[0].lemma, "");
  }
  EXPECT_EQ(seg.sentences[2].tokens[0].text, "Gamma");
}

// Segment(text, &out) reuses the sentences and tokens already in *out; what
// later stages wrote into them (tags, lemmas, entities, chunks, mentions)
// must not survive into the next document's result.
TEST(SegmenterTest, ReusedSegmentationEqualsAFreshOne) {
  const Segmenter segmenter;
  const std::string texts[] = {
      "Mr. Smith went to Washington. He met the U.S. envoy, who said: \"We agreed.\"\n\n"
      "ISLAMABAD: Talks resumed on Monday. A supercalifragilistic-expialidocious "
      "word is longer than fifteen bytes. You and I.",
      "One sentence only",
      "A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P. Q. R. S. T. U. V. W. X. Y. Z.",
      "",
      "First. Second one here. Third? Fourth! Fifth... and on."};
  Segmentation reused;
  for (const std::string& text : texts) {
    segmenter.Segment(text, &reused);
    const Segmentation fresh = segmenter.Segment(text);
    ASSERT_EQ(reused.sentences.size(), fresh.sentences.size()) << text;
    for (size_t i = 0; i < fresh.sentences.size(); ++i) {
      const Sentence& a = reused.sentences[i];
      const Sentence& b = fresh.sentences[i];
      EXPECT_EQ(a.index, b.index);
      EXPECT_EQ(a.span, b.span);
      EXPECT_TRUE(a.mentions.empty());
      ASSERT_EQ(a.tokens.size(), b.tokens.size()) << text;
      for (size_t k = 0; k < b.tokens.size(); ++k) {
        const Token& x = a.tokens[k];
        const Token& y = b.tokens[k];
        EXPECT_EQ(x.span, y.span);
        EXPECT_EQ(x.text, y.text);
        EXPECT_EQ(x.shape, y.shape);
        EXPECT_EQ(x.space_after, y.space_after);
        EXPECT_EQ(x.upos, 0);
        EXPECT_EQ(x.xpos, 0);
        EXPECT_EQ(x.lemma, "");
        EXPECT_EQ(x.ent_type, 0);
        EXPECT_EQ(x.ent_iob, Iob::kO);
        EXPECT_EQ(x.chunk_type, 0);
        EXPECT_EQ(x.chunk_iob, Iob::kO);
      }
    }
    EXPECT_EQ(reused.metadata.size(), fresh.metadata.size());
    // What the later stages would write before the next document.
    for (Sentence& s : reused.sentences) {
      for (Token& t : s.tokens) {
        t.upos = 3;
        t.xpos = 4;
        t.lemma = "a lemma longer than the small-string buffer";
        t.ent_type = 2;
        t.ent_iob = Iob::kB;
        t.chunk_type = 1;
        t.chunk_iob = Iob::kI;
        t.text += " and some more bytes";
      }
      s.mentions.push_back(Mention{0, 1, 2, "canonical", "gazetteer:countries", "role"});
    }
  }
}

// space_after is whether a gap follows the token: before the next token,
// or for the last token, before the text ends (also when a Segmentation is
// reused for a longer or shorter text).
TEST(SegmenterTest, SpaceAfterTheLastToken) {
  const Segmenter segmenter;
  Segmentation reused;
  const struct {
    const char* text;
    bool last_space;
  } kRows[] = {
      {"He left.", false}, {"He left. ", true},  {"He left.\n", true},
      {"x", false},        {"x ", true},         {"He left. She (too)stayed", false},
  };
  for (const auto& row : kRows) {
    segmenter.Segment(row.text, &reused);
    const Segmentation fresh = segmenter.Segment(row.text);
    const Segmentation* const kBoth[] = {&reused, &fresh};
    for (const Segmentation* seg : kBoth) {
      ASSERT_FALSE(seg->sentences.empty()) << row.text;
      const std::vector<Token>& tokens = seg->sentences.back().tokens;
      ASSERT_FALSE(tokens.empty());
      EXPECT_EQ(tokens.back().space_after, row.last_space) << row.text;
      const std::string text = row.text;
      for (const Sentence& s : seg->sentences) {
        for (const Token& t : s.tokens) {
          if (&t == &tokens.back()) continue;
          EXPECT_EQ(t.space_after, text[t.span.end] == ' ') << row.text << " " << t.text;
        }
      }
    }
  }
}

// Token texts of up to 15 bytes are copied 15 bytes at a time when the text
// goes on for that long: every length, in the middle and at the end of the
// text, into fresh and reused tokens (also ones whose text had been long).
TEST(SegmenterTest, TokenTextsOfEveryLength) {
  const Segmenter segmenter;
  Segmentation reused;
  const std::string letters = "abcdefghijklmnopqrstuvwxyz";
  for (size_t len = 1; len <= 20; ++len) {
    const std::string w = letters.substr(0, len);
    for (const std::string& text : {w, w + " " + w, "x " + w + ".", w + " and the rest of it"}) {
      segmenter.Segment(text, &reused);
      const Segmentation fresh = segmenter.Segment(text);
      const Segmentation* const kBoth[] = {&reused, &fresh};
      for (const Segmentation* seg : kBoth) {
        size_t tokens = 0;
        for (const Sentence& s : seg->sentences) {
          for (const Token& t : s.tokens) {
            EXPECT_EQ(t.text, text.substr(t.span.begin, t.span.size())) << text;
            ++tokens;
          }
        }
        EXPECT_GE(tokens, 1u);
      }
      for (Sentence& s : reused.sentences) {
        for (Token& t : s.tokens) t.text += " longer than the small-string buffer";
      }
    }
  }
}

TEST(SegmenterTest, EmptyTextHasNoSentences) {
  EXPECT_TRUE(Segmenter().Segment("").sentences.empty());
  EXPECT_TRUE(Segmenter().Segment("  \n\n ").sentences.empty());
}

}  // namespace
}  // namespace relgraph::text
