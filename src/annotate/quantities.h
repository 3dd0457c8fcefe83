// Quantity expressions, for the entity annotator (entities.h): a number with
// what it counts. "432 violence-linked fatalities", "51%", "at least 92%",
// "as many as 245 incidents", "$4.25 billion", "Rs 50bn", "two soldiers",
// "scores of attacks", "370 injuries", "281".
//
// The Mention's canonical name keeps the number and unit recoverable:
//
//   [comparator]value[ unit]     comparator: >= > <= < ~ (or none)
//   "432 fatalities"  ">=92 %"  "<=245 incidents"  "4250000000 USD"  "281"  ">=40 attacks"
//
// value is a plain decimal (scale words applied: "4.25 billion" -> 4250000000);
// unit is "%", an ISO 4217 currency code (RUPEE when the country is not
// known), the head noun of what is counted in lower case ("fatalities"), or
// nothing. Vague amounts read as lower bounds: "scores of" >=40, "dozens of"
// >=24, "hundreds of" >=200, "thousands of" >=2000 (schemas/lexicon/
// quantity_words.tsv). Word numbers ("two soldiers") need a counted noun
// after them and are skipped after "the", "both", "these", "those", "all"
// ("the two countries" is a reference, not a count).
//
//   QuantityMatch m;
//   if (MatchQuantityAt(view, i, &m)) { /* tokens [i, m.end), m.value */ }
//   Quantity q;
//   ParseQuantity(">=92 %", &q);   // q.comparator ">=", q.value 92, q.unit "%"

#ifndef RELGRAPH_SRC_ANNOTATE_QUANTITIES_H_
#define RELGRAPH_SRC_ANNOTATE_QUANTITIES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "src/annotate/entities_tokens.h"

namespace relgraph::annotate {

struct Quantity {
  std::string comparator;  // "", ">=", ">", "<=", "<", "~"
  double value = 0;
  std::string unit;        // "", "%", "USD", "fatalities"
};

// "[comparator]value[ unit]" as above.
std::string FormatQuantity(const Quantity& q);
// Inverse of FormatQuantity; false when `canonical` is not in that form.
bool ParseQuantity(std::string_view canonical, Quantity* out);

struct QuantityMatch {
  uint32_t end = 0;    // exclusive token index
  std::string value;   // FormatQuantity of what was found
};

// The longest quantity expression that starts at token `i`; false when
// none. Uses part-of-speech tags where the tagger set them to find where the
// counted noun phrase ends, and a plural-noun heuristic where it did not.
bool MatchQuantityAt(const SentenceView& v, size_t i, QuantityMatch* out);

}  // namespace relgraph::annotate

#endif  // RELGRAPH_SRC_ANNOTATE_QUANTITIES_H_
