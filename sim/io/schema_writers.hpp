#pragma once
// Visitors that write a schema-described struct out: as resolved YAML (every
// key with its value, defaults filled in) and as the markdown reference.
#include <yaml-cpp/yaml.h>

#include <string>

#include "model/schema.hpp"

namespace edusim::schema {

/// Emits the values of a struct as a YAML mapping body (caller opens the map).
class YamlWriter final : public Visitor {
 public:
  explicit YamlWriter(YAML::Emitter& out) : out_(out) {}
  void real(std::string_view key, double& value, const RealSpec&) override;
  void integer(std::string_view key, std::int64_t& value, const IntegerSpec&) override;
  void boolean(std::string_view key, bool& value, const Doc&) override;
  void text(std::string_view key, std::string& value, const TextSpec&) override;
  void choice(std::string_view key, int& value, std::span<const std::string_view> names,
              const ChoiceSpec&) override;
  void section(std::string_view key, const SectionSpec&,
               const std::function<void(Visitor&)>& body) override;
  void list(std::string_view key, const ListSpec&, ListHandle& items) override;

 private:
  YAML::Emitter& out_;
};

/// Collects one markdown table row per key (dotted paths, lists as `[]`), with the basis of
/// its default; a key without a source of its own shows the section whose source it takes.
class ReferenceWriter final : public Visitor {
 public:
  explicit ReferenceWriter(std::string prefix = "", std::string_view inherited_source = "",
                           std::string inherited_from = "")
      : prefix_(std::move(prefix)),
        inherited_source_(inherited_source),
        inherited_from_(std::move(inherited_from)) {}
  void real(std::string_view key, double& value, const RealSpec& spec) override;
  void integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) override;
  void boolean(std::string_view key, bool& value, const Doc& doc) override;
  void text(std::string_view key, std::string& value, const TextSpec& spec) override;
  void choice(std::string_view key, int& value, std::span<const std::string_view> names,
              const ChoiceSpec& spec) override;
  void section(std::string_view key, const SectionSpec& spec,
               const std::function<void(Visitor&)>& body) override;
  void list(std::string_view key, const ListSpec& spec, ListHandle& items) override;

  const std::string& markdown() const { return out_; }
  /// Adds the column *basis* (scenario keys; not the columns of the data tables).
  void with_basis() { basis_ = true; }

 private:
  void row(std::string_view key, std::string_view type, const std::string& value,
           const std::string& allowed, const Doc& doc, bool required);
  std::string path(std::string_view key) const;
  /// The writer of a section's or list's keys: they inherit `doc`'s source (or this one's).
  ReferenceWriter child(std::string prefix, const Doc& doc, std::string_view key) const;
  std::string prefix_;
  std::string_view inherited_source_;  ///< the nearest enclosing section's source
  std::string inherited_from_;         ///< that section's path
  bool basis_ = false;
  std::string out_;
};

/// Shortest text that reads back to exactly the same double.
std::string format_real(double value);

}  // namespace edusim::schema
