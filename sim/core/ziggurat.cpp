#include "core/ziggurat.hpp"

namespace edusim::ziggurat {

namespace {

Tables make_tables() {
  // Marsaglia & Tsang (2000), 128 layers of area v each.
  constexpr double m1 = 2147483648.0;  // 2^31
  constexpr double v = 9.91256303526217e-3;
  Tables t{};
  double dn = kR, tn = dn;
  const double q = v / std::exp(-0.5 * dn * dn);
  t.k[0] = static_cast<std::uint32_t>((dn / q) * m1);
  t.k[1] = 0;
  t.w[0] = q / m1;
  t.w[127] = dn / m1;
  t.f[0] = 1.0;
  t.f[127] = std::exp(-0.5 * dn * dn);
  for (int i = 126; i >= 1; --i) {
    dn = std::sqrt(-2.0 * std::log(v / dn + std::exp(-0.5 * dn * dn)));
    t.k[static_cast<std::size_t>(i + 1)] = static_cast<std::uint32_t>((dn / tn) * m1);
    tn = dn;
    t.f[static_cast<std::size_t>(i)] = std::exp(-0.5 * dn * dn);
    t.w[static_cast<std::size_t>(i)] = dn / m1;
  }
  return t;
}

}  // namespace

const Tables& tables() {
  static const Tables t = make_tables();
  return t;
}

}  // namespace edusim::ziggurat
