#include "io/schema_writers.hpp"

#include <fmt/format.h>

#include <cmath>

namespace edusim::schema {

std::string format_real(double value) {
  return fmt::format("{}", value);
}

void YamlWriter::real(std::string_view key, double& value, const RealSpec&) {
  if (std::isnan(value)) return;  // a key not given (no default): left out, as it was
  out_ << YAML::Key << std::string(key) << YAML::Value << format_real(value);
}
void YamlWriter::integer(std::string_view key, std::int64_t& value, const IntegerSpec&) {
  out_ << YAML::Key << std::string(key) << YAML::Value << value;
}
void YamlWriter::boolean(std::string_view key, bool& value, const Doc&) {
  out_ << YAML::Key << std::string(key) << YAML::Value << (value ? "true" : "false");
}
void YamlWriter::text(std::string_view key, std::string& value, const TextSpec&) {
  out_ << YAML::Key << std::string(key) << YAML::Value << YAML::DoubleQuoted << value;
}
void YamlWriter::choice(std::string_view key, int& value, std::span<const std::string_view> names,
                        const ChoiceSpec&) {
  out_ << YAML::Key << std::string(key) << YAML::Value
       << std::string(names[static_cast<std::size_t>(value)]);
}
void YamlWriter::section(std::string_view key, const SectionSpec&,
                         const std::function<void(Visitor&)>& body) {
  out_ << YAML::Key << std::string(key) << YAML::Value << YAML::BeginMap;
  body(*this);
  out_ << YAML::EndMap;
}
void YamlWriter::list(std::string_view key, const ListSpec&, ListHandle& items) {
  out_ << YAML::Key << std::string(key) << YAML::Value << YAML::BeginSeq;
  for (std::size_t i = 0; i < items.size(); ++i) {
    out_ << YAML::BeginMap;
    items.visit_item(i, *this);
    out_ << YAML::EndMap;
  }
  out_ << YAML::EndSeq;
}

namespace {
std::string escape_cell(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '|') ? std::string("\\|") : std::string(1, c);
  return out;
}
}  // namespace

std::string ReferenceWriter::path(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

ReferenceWriter ReferenceWriter::child(std::string prefix, const Doc& doc,
                                       std::string_view key) const {
  ReferenceWriter out = doc.source.empty()
                            ? ReferenceWriter(std::move(prefix), inherited_source_, inherited_from_)
                            : ReferenceWriter(std::move(prefix), doc.source, path(key));
  out.basis_ = basis_;
  return out;
}

void ReferenceWriter::row(std::string_view key, std::string_view type, const std::string& value,
                          const std::string& allowed, const Doc& doc, bool required) {
  const bool inherits = doc.source.empty() && !inherited_source_.empty();
  const std::string source =
      inherits ? fmt::format("as `{}`", inherited_from_) : escape_cell(doc.source);
  out_ += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |", path(key), type,
                      required ? "**required**" : escape_cell(value), escape_cell(allowed),
                      escape_cell(doc.unit), escape_cell(doc.description), source);
  const bool has_value = type != "section" && type != "list";
  if (basis_)
    out_ += fmt::format(
        " {} |", has_value ? basis_name(basis_of(inherits ? inherited_source_ : doc.source)) : "");
  out_ += '\n';
}

void ReferenceWriter::real(std::string_view key, double& value, const RealSpec& spec) {
  row(key, "number", std::isnan(value) ? "(not given)" : format_real(value),
      format_range(spec.min, spec.max), spec.doc, spec.required);
}
void ReferenceWriter::integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) {
  row(key, "integer", std::to_string(value), fmt::format("[{}, {}]", spec.min, spec.max), spec.doc,
      spec.required);
}
void ReferenceWriter::boolean(std::string_view key, bool& value, const Doc& doc) {
  row(key, "boolean", value ? "true" : "false", "true, false", doc, false);
}
void ReferenceWriter::text(std::string_view key, std::string& value, const TextSpec& spec) {
  row(key, "text", value.empty() ? "\"\"" : "\"" + value + "\"", "any", spec.doc, spec.required);
}
void ReferenceWriter::choice(std::string_view key, int& value,
                             std::span<const std::string_view> names, const ChoiceSpec& spec) {
  std::string allowed;
  for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
  row(key, "choice", std::string(names[static_cast<std::size_t>(value)]), allowed, spec.doc,
      spec.required);
}
void ReferenceWriter::section(std::string_view key, const SectionSpec& spec,
                              const std::function<void(Visitor&)>& body) {
  row(key, "section", "", "", spec.doc, spec.required);
  ReferenceWriter keys = child(path(key), spec.doc, key);
  body(keys);
  out_ += keys.out_;
}
void ReferenceWriter::list(std::string_view key, const ListSpec& spec, ListHandle& items) {
  row(key, "list", "", fmt::format("{} to {} items", spec.min_items, spec.max_items), spec.doc,
      spec.required);
  ReferenceWriter keys = child(path(key) + "[]", spec.doc, key);
  items.visit_prototype(keys);
  out_ += keys.out_;
}

}  // namespace edusim::schema
