// relgraph::text::NormalizedLower: the form later stages compare words and
// names in (gazetteer keys, rule literals, entity aliases).
//
// Part of the text stage; used by annotate, extract and resolve.
//
//   NormalizedLower("Pakistan’s “Tehreek-e-Taliban” — ÉLAN…") ==
//       "pakistan's \"tehreek-e-taliban\" - élan..."
//
// Lower-cases ASCII and the Latin-1 Supplement and Latin Extended-A letters
// (À -> à, Ł -> ł, Ÿ -> ÿ, İ -> i); curly quotes become straight (‘ ’ ‚ ‛ -> ',
// “ ” „ ‟ -> "); hyphens and dashes (U+2010..U+2015, U+2212 minus) become "-";
// "…" becomes "..."; no-break spaces (U+00A0, U+202F) become " ". Other
// characters, and invalid UTF-8 bytes, are copied unchanged. The result is
// never longer than the input, so it allocates once.

#ifndef RELGRAPH_SRC_TEXT_NORMALIZE_H_
#define RELGRAPH_SRC_TEXT_NORMALIZE_H_

#include <string>
#include <string_view>

namespace relgraph::text {

std::string NormalizedLower(std::string_view s);

// Appends the normalised form of s to *out (for reusing a buffer).
void AppendNormalizedLower(std::string_view s, std::string* out);

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_NORMALIZE_H_
