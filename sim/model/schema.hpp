#pragma once
// The parameter schema: every scenario key is declared once, next to the struct
// that holds it, with its type, default (the member's initial value), allowed
// range, unit, description and source. One declaration drives the YAML loader
// (strict: unknown, duplicate, ill-typed and out-of-range keys are errors), the
// writer of the resolved scenario, and the generated reference in docs/.
//
// A struct takes part by defining `void visit(schema::Visitor& v)` that calls
// `v.field(...)` once per member.
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/types.hpp"

namespace edusim {
// Names of enum values as written in YAML. Each enum used in a scenario gets an
// overload in namespace edusim (found by argument-dependent lookup).
std::span<const std::string_view> enum_names(const Level*);
std::span<const std::string_view> enum_names(const Zone*);
std::span<const std::string_view> enum_names(const Subject*);
std::span<const std::string_view> enum_names(const Degree*);
std::span<const std::string_view> enum_names(const Contract*);
std::span<const std::string_view> enum_names(const GroupRole*);
std::span<const std::string_view> enum_names(const TitleGrade*);
std::span<const std::string_view> enum_names(const BackboneLevel*);
}  // namespace edusim

namespace edusim::schema {

/// Where each key of a document was written (io/yaml_reader.hpp): checks made after
/// loading, such as those of school names, take it to give the line.
struct SourceMap;

/// Whether a key of a mechanism (a section with a bool `enabled`) still acts while the
/// mechanism is switched off. Keys that do not are reported when set (io/switched_off.hpp).
enum class WhenOff : std::uint8_t {
  no_effect,   ///< read only by the mechanism itself: setting it while off is a mistake
  still_read,  ///< read elsewhere too (say where, next to the declaration)
};

/// What a key's default rests on, read from the start of its Doc::source. Every number and
/// integer key has one (a test refuses a missing one); a key whose own source is empty takes
/// that of the section around it (a zone map, a distribution, a list of shares).
enum class Basis : std::uint8_t {
  missing,     ///< no source, own or inherited
  source,      ///< a citation: a study, a statistic, a regulation or a seed article
  assumption,  ///< "assumption...": the modeller's choice; screened in docs/assumptions.md
  setting,     ///< "setting...": what a study chooses (a run's length, a seed, a district's
               ///< size), not a claim about the world
};

/// The basis `source` declares: "assumption" or "setting" at its start, else a citation.
Basis basis_of(std::string_view source);
/// "source", "assumption", "setting" or "missing".
std::string_view basis_name(Basis basis);

/// What the reference says about a key.
struct Doc {
  std::string_view description;
  std::string_view unit = "";
  std::string_view source = "";
  WhenOff when_off = WhenOff::no_effect;
};

struct RealSpec {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  Doc doc;
  bool required = false;
};

struct IntegerSpec {
  std::int64_t min = std::numeric_limits<std::int32_t>::min();
  std::int64_t max = std::numeric_limits<std::int32_t>::max();
  Doc doc;
  bool required = false;
};

struct TextSpec {
  Doc doc;
  bool required = false;
};

struct ChoiceSpec {
  Doc doc;
  bool required = false;
};

struct SectionSpec {
  Doc doc;
  bool required = false;
};

struct ListSpec {
  Doc doc;
  bool required = false;
  std::size_t min_items = 0;
  std::size_t max_items = 1u << 20;
};

/// A type-erased list of structs, so visitors need no templates.
struct ListHandle {
  std::function<std::size_t()> size;
  std::function<void(std::size_t)> resize;
  std::function<void(std::size_t, class Visitor&)> visit_item;
  std::function<void(class Visitor&)> visit_prototype;  ///< a default item (for the docs)
};

/// "[min, max]", ">= min", "<= max" or "any finite number" for a real range.
std::string format_range(double min, double max);

template <class T>
concept Visitable = requires(T t, Visitor& v) {
  t.visit(v);
};

class Visitor {
 public:
  virtual ~Visitor() = default;

  virtual void real(std::string_view key, double& value, const RealSpec& spec) = 0;
  virtual void integer(std::string_view key, std::int64_t& value, const IntegerSpec& spec) = 0;
  virtual void boolean(std::string_view key, bool& value, const Doc& doc) = 0;
  virtual void text(std::string_view key, std::string& value, const TextSpec& spec) = 0;
  virtual void choice(std::string_view key, int& value, std::span<const std::string_view> names,
                      const ChoiceSpec& spec) = 0;
  virtual void section(std::string_view key, const SectionSpec& spec,
                       const std::function<void(Visitor&)>& body) = 0;
  virtual void list(std::string_view key, const ListSpec& spec, ListHandle& items) = 0;

  // Typed front ends: a struct's visit() calls these.
  void field(std::string_view key, double& value, const RealSpec& spec) { real(key, value, spec); }
  void field(std::string_view key, float& value, const RealSpec& spec) {
    double wide = value;
    real(key, wide, spec);
    value = static_cast<float>(wide);
  }
  template <std::integral I>
  requires(!std::same_as<I, bool>) void field(std::string_view key, I& value, IntegerSpec spec) {
    // Clamp the declared range to what the member type can hold.
    spec.min = std::max<std::int64_t>(spec.min, std::numeric_limits<I>::min());
    if constexpr (sizeof(I) < sizeof(std::int64_t) || std::is_signed_v<I>)
      spec.max = std::min<std::int64_t>(spec.max,
                                        static_cast<std::int64_t>(std::numeric_limits<I>::max()));
    std::int64_t wide = static_cast<std::int64_t>(value);
    integer(key, wide, spec);
    value = static_cast<I>(wide);
  }
  void field(std::string_view key, bool& value, const Doc& doc) { boolean(key, value, doc); }
  void field(std::string_view key, std::string& value, const TextSpec& spec) {
    text(key, value, spec);
  }
  template <class E>
  requires std::is_enum_v<E>
  void field(std::string_view key, E& value, const ChoiceSpec& spec) {
    int wide = static_cast<int>(value);
    choice(key, wide, enum_names(static_cast<const E*>(nullptr)), spec);
    value = static_cast<E>(wide);
  }

  template <Visitable T>
  void field(std::string_view key, T& object, const SectionSpec& spec) {
    section(key, spec, [&object](Visitor& v) { object.visit(v); });
  }
  template <Visitable T>
  void field(std::string_view key, std::vector<T>& items, const ListSpec& spec) {
    ListHandle handle{
        [&items] { return items.size(); },
        [&items](std::size_t n) { items.resize(n); },
        [&items](std::size_t i, Visitor& v) { items[i].visit(v); },
        [](Visitor& v) {
          T prototype{};
          prototype.visit(v);
        },
    };
    list(key, spec, handle);
  }
};

}  // namespace edusim::schema
