#include "text/annotations.h"

#include <algorithm>

namespace wasmline::text {
namespace {

// A lexer over the contents of `annotation`, after its id.
Lexer contentLexer(std::string_view source, const Annotation& annotation) {
  const AnnotationSpan& span = annotation.span;
  const std::uint32_t lineStart = span.start - (span.column - 1);
  // The id holds no line break, so the contents start on the annotation's line.
  const auto idEnd = static_cast<std::uint32_t>(span.start + 2 + span.id.size());
  return Lexer(source.substr(0, span.end - 1), idEnd, span.line, lineStart);
}

bool failAt(AnnotationError& error, const Token& at, std::string message) {
  error.message = std::move(message);
  error.at = at;
  error.at.kind = TokenKind::Keyword; // a position, never the lexer's own error
  return false;
}

struct Anchor {
  std::string_view name;
  CustomPlacement::Anchor anchor;
};
constexpr Anchor kAnchors[] = {
    {"first", CustomPlacement::First},   {"type", CustomPlacement::Type},
    {"import", CustomPlacement::Import}, {"func", CustomPlacement::Func},
    {"table", CustomPlacement::Table},   {"memory", CustomPlacement::Memory},
    {"tag", CustomPlacement::Tag},       {"global", CustomPlacement::Global},
    {"export", CustomPlacement::Export}, {"start", CustomPlacement::Start},
    {"elem", CustomPlacement::Elem},     {"datacount", CustomPlacement::DataCount},
    {"code", CustomPlacement::Code},     {"data", CustomPlacement::Data},
    {"last", CustomPlacement::Last},
};

} // namespace

Token annotationToken(const Annotation& annotation) {
  return Token{TokenKind::Keyword, annotation.span.start, 2, annotation.span.line,
               annotation.span.column};
}

std::vector<Annotation> selectAnnotations(std::vector<AnnotationSpan> spans, std::uint32_t from,
                                          std::uint32_t to) {
  std::sort(spans.begin(), spans.end(),
            [](const AnnotationSpan& a, const AnnotationSpan& b) { return a.start < b.start; });
  std::vector<Annotation> selected;
  std::uint32_t previous = UINT32_MAX;
  for (const AnnotationSpan& span : spans) {
    if (span.start < from || span.start >= to || span.start == previous) continue;
    previous = span.start;
    Annotation annotation;
    annotation.span = span;
    if (span.id == "custom") {
      annotation.kind = Annotation::Kind::Custom;
    } else if (span.id == "name") {
      annotation.kind = Annotation::Kind::Name;
    } else if (span.id == "metadata.code.branch_hint") {
      annotation.kind = Annotation::Kind::BranchHint;
    } else {
      continue;
    }
    selected.push_back(annotation);
  }
  return selected;
}

bool parseCustomAnnotation(std::string_view source, const Annotation& annotation,
                           CustomSectionText& out, AnnotationError& error) {
  Lexer lexer = contentLexer(source, annotation);
  Token token = lexer.next();
  if (token.kind != TokenKind::String) {
    return failAt(error, token.kind == TokenKind::Eof ? annotationToken(annotation) : token,
                  "@custom annotation: missing section name");
  }
  out.name = decodeString(lexer.text(token));
  if (!isValidUtf8(out.name)) {
    return failAt(error, token, "@custom annotation: malformed UTF-8 encoding");
  }
  token = lexer.next();
  if (token.kind == TokenKind::LParen) {
    const Token where = lexer.next();
    const std::string_view side = lexer.text(where);
    if (where.kind != TokenKind::Keyword || (side != "before" && side != "after")) {
      return failAt(error, where, "@custom annotation: malformed placement");
    }
    out.place.after = side == "after";
    const Token kind = lexer.next();
    const auto found = std::find_if(std::begin(kAnchors), std::end(kAnchors), [&](const Anchor& a) {
      return kind.kind == TokenKind::Keyword && a.name == lexer.text(kind);
    });
    if (found == std::end(kAnchors)) {
      return failAt(error, kind, "@custom annotation: malformed section kind");
    }
    out.place.anchor = found->anchor;
    const Token close = lexer.next();
    if (close.kind != TokenKind::RParen) {
      return failAt(error, close, "@custom annotation: malformed placement");
    }
    token = lexer.next();
  }
  while (token.kind == TokenKind::String) {
    appendString(lexer.text(token), out.bytes);
    token = lexer.next();
  }
  if (token.kind != TokenKind::Eof)
    return failAt(error, token, "@custom annotation: unexpected token");
  return true;
}

bool parseNameAnnotation(std::string_view source, const Annotation& annotation, std::string& out,
                         AnnotationError& error) {
  Lexer lexer = contentLexer(source, annotation);
  const Token token = lexer.next();
  if (token.kind != TokenKind::String) {
    return failAt(error, token.kind == TokenKind::Eof ? annotationToken(annotation) : token,
                  "@name annotation: missing name");
  }
  out = decodeString(lexer.text(token));
  if (!isValidUtf8(out)) return failAt(error, token, "@name annotation: malformed UTF-8 encoding");
  const Token rest = lexer.next();
  if (rest.kind != TokenKind::Eof) return failAt(error, rest, "@name annotation: unexpected token");
  return true;
}

bool parseBranchHintAnnotation(std::string_view source, const Annotation& annotation,
                               std::uint8_t& out, AnnotationError& error) {
  Lexer lexer = contentLexer(source, annotation);
  const Token token = lexer.next();
  std::string value;
  if (token.kind == TokenKind::String) value = decodeString(lexer.text(token));
  if (token.kind != TokenKind::String || value.size() != 1 ||
      static_cast<unsigned char>(value[0]) > 1 || lexer.next().kind != TokenKind::Eof) {
    return failAt(error, token.kind == TokenKind::Eof ? annotationToken(annotation) : token,
                  "@metadata.code.branch_hint annotation: malformed hint (\"\\00\" or \"\\01\")");
  }
  out = static_cast<std::uint8_t>(value[0]);
  return true;
}

} // namespace wasmline::text
