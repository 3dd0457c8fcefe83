// Date and time expressions, for the entity annotator (entities.h): finds
// "Wednesday", "May 15, 2024", "15 May 2024", "April this year", "Q1 2024",
// "Q1, 2024", "the first quarter of 2024", "earlier this week", "last month",
// "late last year", "last Tuesday", "2024", "1990s", "mid-2023", "today",
// "two days ago" and gives each a
// normalised value (the Mention's canonical name):
//
//   2024-05-15   2024-05   2024   XXXX-05-15 (no year)   XXXX-05 (month alone)
//   2024-Q1   2024-H2   FY2024   1990s   XXXX-WXX-3 (a Wednesday; Monday = 1)
//   REF+0D (today)  REF-1D (yesterday)  REF+0W (this week, earlier this week)
//   REF-1M (last month)  REF+0Y-04 (April this year)  REF-2D (two days ago)
//   REF-1W-2 (last Tuesday)  REF+1W-1 (next Monday)  REF+0W-5 (this Friday)
//   PAST_REF (recent months, the past few years)  FUTURE_REF (the coming weeks)
//   T17:00 (5 p.m.; times need a.m./p.m., or GMT/UTC after hh:mm)
//
// REF values are relative to the document's date, which this stage does not
// know; the resolver anchors them.
//
// Words come from schemas/lexicon/date_words.tsv. Month names that are also
// common words or names ("May", "March", "June", "April", "August") count
// alone only after a cue ("in May", "early March") or before "this/last/next
// year"; with a day or a year they always count. A bare year (1800-2199)
// counts unless a lower-case word follows that is not a function word and no
// cue precedes it: "in 2000" and "2000 was" are dates, "2000 troops" is a
// quantity. Date words count only when capitalised where English capitalises
// them (months, weekdays).
//
//   DateMatch m;
//   if (MatchDateAt(view, i, &m)) { /* tokens [i, m.end), value m.value */ }

#ifndef RELGRAPH_SRC_ANNOTATE_DATES_H_
#define RELGRAPH_SRC_ANNOTATE_DATES_H_

#include <cstdint>
#include <string>

#include "src/annotate/entities_tokens.h"

namespace relgraph::annotate {

struct DateMatch {
  uint32_t end = 0;    // exclusive token index
  std::string value;   // normalised value, see above
};

// The longest date expression that starts at token `i`; false when none.
// The expression never starts with a determiner or preposition ("the first
// quarter" starts at "first"). Never reads outside the sentence.
bool MatchDateAt(const SentenceView& v, size_t i, DateMatch* out);

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_DATES_H_
