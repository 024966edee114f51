#pragma once
// Settings without effect: keys written inside a mechanism that is switched off.
//
// A mechanism is any section whose struct declares a bool field `enabled` (model/schema.hpp).
// While its effective value is false (written so, or the default), every other key of the
// section, nested sections included, does nothing; setting one is reported, by a warning
// for a scenario (edusim validate, run, --set) and by refusal for a key a sweep varies.
// A key read elsewhere too is exempt by its declaration (schema::WhenOff::still_read).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace edusim {

struct Scenario;

/// The mechanisms switched off in a scenario.
struct SwitchedOff {
  /// Dotted sections of the mechanisms that are off, list items as `[i]`
  /// ("hiring.interns"); a mechanism comes before those nested in it.
  std::vector<std::string> mechanisms;
  /// Keys (dotted, `[i]`) declared WhenOff::still_read; everything under them acts.
  std::vector<std::string> still_read;

  /// The switched-off mechanisms that leave `key` (dotted; list items as `[i]` or `.i`)
  /// without effect, outermost first; empty when the key acts. A mechanism's own
  /// `enabled` is not among its keys: setting it is how to switch it on.
  std::vector<std::string> holding(std::string_view key) const;
};

/// The mechanisms switched off in `scenario` (with every default resolved).
SwitchedOff switched_off(const Scenario& scenario);

/// "rotation.quota_share is set but rotation is off (rotation.enabled: false): it has no
/// effect"; `by_default` when the scenario did not write `mechanism.enabled`.
std::string no_effect_message(std::string_view key, std::string_view mechanism, bool by_default);

/// "WHERE: MESSAGE" for each key that the scenario's document, or a --set, wrote inside a
/// switched-off mechanism: WHERE is "file:line:col" or the --set argument. In the order
/// written (--set arguments last); empty when there is none or the scenario was not read
/// from a document.
std::vector<std::string> no_effect_warnings(const Scenario& scenario);

/// A key that a sweep axis (or a calibration parameter) varies.
struct VariedKey {
  std::string key;    ///< dotted, as written
  std::string where;  ///< "file:line:col" where it is given, for messages
  /// The values it takes, as YAML scalars (a listed axis; empty for a range). A varied
  /// `enabled` switches its mechanism on when one of them is true.
  std::vector<std::string> values;
};

/// Throws InputError ("WHERE: MESSAGE ...") for the first varied key that lies in a
/// mechanism switched off in `base` that no varied key switches on: every run would be
/// the same in it. Call before anything runs.
void require_varied_keys_take_effect(const Scenario& base, std::span<const VariedKey> keys);

}  // namespace edusim
