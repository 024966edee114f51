#include "model/run_seed.hpp"

namespace edusim {
namespace {

using Philox = r123::Philox4x32;

constexpr std::uint32_t kRunSeedPurpose = 1;

}  // namespace

Philox::ctr_type sweep_words(std::uint64_t seed, std::uint32_t purpose, std::uint32_t a,
                             std::uint32_t b) {
  const Philox::key_type key{
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  return Philox{}(Philox::ctr_type{{a, b, purpose, 0x5ee9u}}, key);
}

std::uint64_t run_seed(std::uint64_t master_seed, std::int64_t run_index) {
  const auto r = static_cast<std::uint64_t>(run_index);
  const auto w = sweep_words(master_seed, kRunSeedPurpose, static_cast<std::uint32_t>(r),
                             static_cast<std::uint32_t>(r >> 32));
  return ((static_cast<std::uint64_t>(w[0]) << 32) | w[1]) & 0x7fffffffffffffffULL;
}

}  // namespace edusim
