#pragma once
// Standard normal variates by the ziggurat method (Marsaglia & Tsang 2000,
// J. Stat. Softw. 5(8)), fed by counter-based words. 128 layers; the layer
// index and the value come from different words (Doornik 2005's fix for the
// correlation between them in the original). About 99% of draws need one
// table look-up and one multiplication, against a log, a sqrt and a cos for
// Box-Muller; the rare edge and tail cases draw further words.
#include <array>
#include <cmath>
#include <cstdint>

namespace edusim::ziggurat {

struct Tables {
  std::array<std::uint32_t, 128> k;  ///< acceptance bounds on |hz|
  std::array<double, 128> w;         ///< scale of hz to x in each layer
  std::array<double, 128> f;         ///< density at each layer's edge
};

inline constexpr double kR = 3.442619855899;  ///< start of the tail

const Tables& tables();

/// The common case: true and x when (hz, iz) falls inside a rectangle of `t`
/// (tables(); passed in by loops over many draws, which fetch it once).
inline bool try_rectangle(const Tables& t, std::uint32_t word0, std::uint32_t word1, double& x) {
  const auto hz = static_cast<std::int32_t>(word0);
  const std::uint32_t iz = word1 & 127u;
  const std::uint32_t magnitude = hz < 0 ? 0u - word0 : word0;
  x = hz * t.w[iz];
  return magnitude < t.k[iz];
}

inline bool try_rectangle(std::uint32_t word0, std::uint32_t word1, double& x) {
  return try_rectangle(tables(), word0, word1, x);
}

/// A normal from an endless source of 32-bit words (`next()`), deterministic
/// given the words.
template <class Words>
double normal(Words& next) {
  const Tables& t = tables();
  for (;;) {
    const auto hz = static_cast<std::int32_t>(next());
    const std::uint32_t iz = next() & 127u;
    const std::uint32_t magnitude =
        hz < 0 ? 0u - static_cast<std::uint32_t>(hz) : static_cast<std::uint32_t>(hz);
    const double x = hz * t.w[iz];
    if (magnitude < t.k[iz]) return x;  // inside the rectangle: the common case
    auto uniform = [&next] { return (static_cast<double>(next()) + 0.5) * 0x1p-32; };
    if (iz == 0) {  // the tail beyond kR (Marsaglia 1964)
      double tail, y;
      do {
        tail = -std::log(uniform()) / kR;
        y = -std::log(uniform());
      } while (y + y < tail * tail);
      return hz > 0 ? kR + tail : -kR - tail;
    }
    if (t.f[iz] + uniform() * (t.f[iz - 1] - t.f[iz]) < std::exp(-0.5 * x * x)) return x;
  }
}

}  // namespace edusim::ziggurat
