// The shipped schemas/lexicon/*.txt, compiled into the library by CMake
// (embed_lexicon.cmake writes lexicon_data.cc at build time), so that
// Lexicon::Default() needs no file at run time. Internal to src/text.

#ifndef RELGRAPH_SRC_TEXT_LEXICON_DATA_H_
#define RELGRAPH_SRC_TEXT_LEXICON_DATA_H_

#include <string_view>

namespace relgraph::text {

extern const std::string_view kAbbreviationsTxt;
extern const std::string_view kSentenceStartersTxt;
extern const std::string_view kNewsCreditsTxt;
extern const std::string_view kTokenSplitsTxt;

}  // namespace relgraph::text

#endif  // RELGRAPH_SRC_TEXT_LEXICON_DATA_H_
