// ShapeOf with the letter-case facts the tokenizer needs (internal to
// src/text), so that one pass over a token's bytes serves both.

#ifndef RELGRAPH_SRC_TEXT_SHAPE_H_
#define RELGRAPH_SRC_TEXT_SHAPE_H_

#include <string_view>

#include "src/text/token.h"

namespace relgraph::text::internal {

// Returns ShapeOf(s); *has_upper and *has_lower get whether s contains an
// ASCII capital (A-Z) and an ASCII small letter (a-z).
Shape ShapeOfCased(std::string_view s, bool* has_upper, bool* has_lower);

}  // namespace relgraph::text::internal

#endif  // RELGRAPH_SRC_TEXT_SHAPE_H_
