// relgraph JSON helpers: parse a JSON file and check it against a JSON Schema
// (draft-04, RapidJSON's SchemaValidator), with errors that name the file,
// line and column, and the schema keyword that failed:
//
//   schemas/rules/support.json:14:21: schema: "pattern" must be of type string
//     (keyword "type" at #/rules/3/pattern)
//
// Used by every layer that reads configuration (rules, ontology). RapidJSON
// types appear here on purpose: this header is only included where JSON is read.
//
//   rapidjson::Document doc;
//   Status s = LoadJsonFile("schemas/ontology.json", "schemas/ontology.schema.json", &doc);

#ifndef RELGRAPH_SRC_BASE_JSON_H_
#define RELGRAPH_SRC_BASE_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "src/base/status.h"

namespace relgraph {

// 1-based line and column of a byte offset in text.
void OffsetToLineColumn(std::string_view text, size_t offset, int64_t* line, int64_t* column);

// Reads a whole file into *out. NotFound / IoError on failure.
Status ReadFileToString(const std::string& path, std::string* out);

// Parses `text` (named `name` in messages) into *doc. On a syntax error the
// Status has kBadConfig and the line and column of the error.
Status ParseJson(std::string_view text, const std::string& name, rapidjson::Document* doc);

// Parses `text` and validates it against the draft-04 schema in
// `schema_text`. On a violation: kBadConfig, the location where validation
// stopped, and a message naming the keyword and the JSON pointer; the pointer
// (e.g. "/rules/3/pattern") is also stored in *invalid_pointer when given.
Status ParseAndValidateJson(std::string_view text, const std::string& name,
                            std::string_view schema_text, const std::string& schema_name,
                            rapidjson::Document* doc, std::string* invalid_pointer = nullptr);

// Reads `path`, validates it against the schema file `schema_path` and parses
// it into *doc.
Status LoadJsonFile(const std::string& path, const std::string& schema_path,
                    rapidjson::Document* doc);

}  // namespace relgraph

#endif  // RELGRAPH_SRC_BASE_JSON_H_
