#include "src/base/json.h"

#include <fstream>
#include <sstream>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

namespace relgraph {

void OffsetToLineColumn(std::string_view text, size_t offset, int64_t* line, int64_t* column) {
  if (offset > text.size()) offset = text.size();
  int64_t l = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++l;
      line_start = i + 1;
    }
  }
  // Column counts characters, not bytes: skip UTF-8 continuation bytes.
  int64_t c = 1;
  for (size_t i = line_start; i < offset; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++c;
  }
  *line = l;
  *column = c;
}

Status ReadFileToString(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::kNotFound, "cannot open file", Location{path});
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status(StatusCode::kIoError, "read error", Location{path});
  *out = std::move(ss).str();
  return Status::Ok();
}

namespace {

Location At(const std::string& name, std::string_view text, size_t offset) {
  Location where{name};
  OffsetToLineColumn(text, offset, &where.line, &where.column);
  return where;
}

}  // namespace

Status ParseJson(std::string_view text, const std::string& name, rapidjson::Document* doc) {
  doc->Parse(text.data(), text.size());
  if (doc->HasParseError()) {
    return Status(StatusCode::kBadConfig,
                  std::string("JSON syntax: ") + rapidjson::GetParseError_En(doc->GetParseError()),
                  At(name, text, doc->GetErrorOffset()));
  }
  return Status::Ok();
}

Status ParseAndValidateJson(std::string_view text, const std::string& name,
                            std::string_view schema_text, const std::string& schema_name,
                            rapidjson::Document* doc, std::string* invalid_pointer) {
  rapidjson::Document schema_doc;
  Status s = ParseJson(schema_text, schema_name, &schema_doc);
  if (!s.ok()) return s;
  s = ParseJson(text, name, doc);
  if (!s.ok()) return s;

  // Validate while reading with SAX, so that the reader's offset tells where
  // the first violation is.
  rapidjson::SchemaDocument schema(schema_doc);
  rapidjson::SchemaValidator validator(schema);
  rapidjson::Reader reader;
  rapidjson::MemoryStream ms(text.data(), text.size());
  if (!reader.Parse(ms, validator) && !validator.IsValid()) {
    rapidjson::StringBuffer doc_ptr, schema_ptr;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(doc_ptr);
    validator.GetInvalidSchemaPointer().StringifyUriFragment(schema_ptr);
    if (invalid_pointer != nullptr) {
      rapidjson::StringBuffer plain;
      validator.GetInvalidDocumentPointer().Stringify(plain);
      *invalid_pointer = plain.GetString();
    }
    std::string message = std::string("schema ") + schema_name + ": keyword \"" +
                          validator.GetInvalidSchemaKeyword() + "\" failed at " +
                          doc_ptr.GetString() + " (schema " + schema_ptr.GetString() + ")";
    return Status(StatusCode::kBadConfig, message, At(name, text, reader.GetErrorOffset()));
  }
  return Status::Ok();
}

Status LoadJsonFile(const std::string& path, const std::string& schema_path,
                    rapidjson::Document* doc) {
  std::string text, schema_text;
  Status s = ReadFileToString(path, &text);
  if (!s.ok()) return s;
  s = ReadFileToString(schema_path, &schema_text);
  if (!s.ok()) return Status(StatusCode::kBadConfig, "cannot read schema", Location{schema_path});
  return ParseAndValidateJson(text, path, schema_text, schema_path, doc);
}

}  // namespace relgraph
