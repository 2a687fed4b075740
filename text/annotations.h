// The annotations the text front end gives a meaning to; every other `(@id ...)` is skipped:
//   (@custom "name" place? "bytes"*)          a custom section, placed (before|after kind) of a
//                                             section kind (or first / last); default after last
//   (@name "text")                            the name of the module, a function or a tag (in
//                                             the name section), right after `module`/`func $id?`
//   (@metadata.code.branch_hint "\00"|"\01")  a hint (unlikely / likely) on the instruction that
//                                             follows, in the metadata.code.branch_hint section
// Their contents are parsed here; where they may stand is the module parser's business.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/lexer.h"

namespace wasmline::text {

struct Annotation {
  enum class Kind : std::uint8_t { Custom, Name, BranchHint };
  Kind kind = Kind::Custom;
  AnnotationSpan span;
  bool used = false; // taken by the module parser where it may stand
};

// The annotations of the kinds above among `spans` whose "(@" lies in [from, to), each once
// (a span recorded twice counts once), in source order.
std::vector<Annotation> selectAnnotations(std::vector<AnnotationSpan> spans, std::uint32_t from,
                                          std::uint32_t to);

// Where a custom section goes: before or after the sections of `anchor`.
struct CustomPlacement {
  // The sections in binary order, with `First` before and `Last` after all of them.
  enum Anchor : std::uint8_t {
    First,
    Type,
    Import,
    Func,
    Table,
    Memory,
    Tag,
    Global,
    Export,
    Start,
    Elem,
    DataCount,
    Code,
    Data,
    Last,
  };
  Anchor anchor = Last;
  bool after = true;
};

struct CustomSectionText {
  std::string name;
  CustomPlacement place;
  std::string bytes;
};

// An annotation's contents that do not parse: the message and where.
struct AnnotationError {
  std::string message;
  Token at;
};

// Parses (@custom ...). Errors: "@custom annotation: missing section name", "... malformed
// UTF-8 encoding", "... unexpected token", "... malformed placement", "... malformed section
// kind".
bool parseCustomAnnotation(std::string_view source, const Annotation& annotation,
                           CustomSectionText& out, AnnotationError& error);
// Parses (@name "text"). Errors: "@name annotation: ..." (a missing or malformed name).
bool parseNameAnnotation(std::string_view source, const Annotation& annotation, std::string& out,
                         AnnotationError& error);
// Parses (@metadata.code.branch_hint "\00" | "\01"). Errors: "@metadata.code.branch_hint
// annotation: malformed hint" for anything but one byte 0 or 1.
bool parseBranchHintAnnotation(std::string_view source, const Annotation& annotation,
                               std::uint8_t& out, AnnotationError& error);

// The position of an annotation, for messages.
Token annotationToken(const Annotation& annotation);

} // namespace wasmline::text
