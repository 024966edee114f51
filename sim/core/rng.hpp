#pragma once
// Counter-based random numbers (Random123 Philox4x32-10).
//
// Every draw is a pure function of (seed, run, year, stream, agent id, draw
// index), so results never depend on the number of threads or on the order in
// which a parallel loop visits agents. There is no generator state to share,
// save or split: a snapshot only needs the year.
#include <Random123/philox.h>

#include "core/ziggurat.hpp"

#include <cmath>
#include <cstdint>

namespace edusim {

/// One purpose of randomness per stream; never reuse a value for two purposes.
enum class Stream : std::uint32_t {
  WorldSchools = 1,
  WorldTeachers = 2,
  WorldStudents = 3,
  WorldKindergartens = 4,  ///< kindergarten locations, sizes and staff
  Quit = 11,
  IntakeSize = 12,
  Entrant = 13,
  MiddleShuffle = 14,
  Drift = 15,
  SchoolChoice = 16,  ///< middle-school choice: who applies, lottery order
  Hiring = 20,
  ClassAssignment = 21,
  Interns = 22,
  Growth = 30,
  Learning = 40,
  Morale = 50,
  Rotation = 60,
  Promotion = 61,
  BackboneRecognition = 62,
  LowTitleHighHire = 63,
  Mentoring = 64,
  Leaders = 65,
  Transfers = 66,             ///< voluntary transfers: who applies
  KindergartenTeachers = 67,  ///< kindergarten teachers: ages, talents, quits (own ids)
  NationalPlan = 200,         ///< county sizes and seeds of a national run
  CalibrationProposal = 210,  ///< ABC-SMC proposals (ancestor, perturbation, prior draws)
  CalibrationRunSeed = 211,   ///< the seeds of a proposal's runs
};

/// A view of the random numbers of one (year, stream) in one run.
class RandomStream {
 public:
  using Philox = r123::Philox4x32;

  RandomStream(std::uint64_t seed, std::uint32_t run, std::uint32_t year, Stream stream)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
        run_(run),
        year_(year),
        stream_(static_cast<std::uint32_t>(stream)) {}

  /// Four independent 32-bit words for (agent, draw). Draw indices share a
  /// counter word with the stream id: they must stay below 65536 (the normal
  /// sampler's rare continuations use draw + 1024 k).
  Philox::ctr_type words(std::uint32_t agent, std::uint32_t draw = 0) const {
    Philox::ctr_type ctr{{agent, year_, (stream_ << 16) ^ draw, run_}};
    return Philox{}(ctr, key_);
  }

  /// Uniform in the open interval (0, 1), from 32 bits.
  static double to_unit(std::uint32_t w) { return (static_cast<double>(w) + 0.5) * 0x1p-32; }

  double uniform(std::uint32_t agent, std::uint32_t draw = 0) const {
    return to_unit(words(agent, draw)[0]);
  }

  /// Standard normal (ziggurat) from the words of (agent, draw), continuing
  /// on (agent, draw + 1024 k) in the rare case that four words are not enough.
  double normal(std::uint32_t agent, std::uint32_t draw = 0) const {
    WordSequence next{*this, agent, draw, words(agent, draw), 0};
    return ziggurat::normal(next);
  }

  /// Successive words of one agent's counter, for the rejection steps.
  struct WordSequence {
    const RandomStream& stream;
    std::uint32_t agent, draw;
    Philox::ctr_type block;
    unsigned used;
    std::uint32_t operator()() {
      if (used == 4) {
        draw += 1024;
        block = stream.words(agent, draw);
        used = 0;
      }
      return block[used++];
    }
  };

  /// keys[i] = first word of agents[i] << 32 | values[i]: sorting the keys
  /// shuffles the values by the agents' draws (ties, never seen in practice,
  /// broken by value). Vectorized (see rng.cpp).
  void shuffle_keys(const std::uint32_t* agents, const std::uint32_t* values, std::size_t n,
                    std::uint64_t* keys) const;

  /// The first word of (agents[i], draw 0) for n agents, vectorized (see rng.cpp):
  /// uniform(agents[i]) is to_unit(word0[i]).
  void first_words(const std::uint32_t* agents, std::size_t n, std::uint32_t* word0) const;

  /// All four words of (agents[i], draw 0) for n agents, vectorized (see rng.cpp).
  void all_words(const std::uint32_t* agents, std::size_t n, std::uint32_t* word0,
                 std::uint32_t* word1, std::uint32_t* word2, std::uint32_t* word3) const;

  /// normal(agents[i]) for n agents into z (bit-identical to the scalar calls),
  /// vectorized: the words, then the ziggurat's rectangle test for the whole
  /// block, then the rare edge and tail cases one by one. n <= kNormalsBlock.
  static constexpr std::size_t kNormalsBlock = 256;
  void normals(const std::uint32_t* agents, std::size_t n, double* z) const;

  /// Index i with probability shares[i] (shares sum to 1; the last absorbs rounding).
  template <class Shares>
  static int categorical(double u, const Shares& shares) {
    double cumulative = 0;
    for (std::size_t i = 0; i + 1 < shares.size(); ++i) {
      cumulative += shares[i];
      if (u < cumulative) return static_cast<int>(i);
    }
    return static_cast<int>(shares.size()) - 1;
  }

  /// Normal(mean, sd) truncated to [lo, hi] by redrawing (draws first_draw,
  /// first_draw+1, ...); after 32 rejections the value is clamped.
  double truncated_normal(double mean, double sd, double lo, double hi, std::uint32_t agent,
                          std::uint32_t first_draw) const {
    for (std::uint32_t k = 0; k < 32; ++k) {
      const double x = mean + sd * normal(agent, first_draw + k);
      if (x >= lo && x <= hi) return x;
    }
    return mean < lo ? lo : (mean > hi ? hi : mean);
  }

 private:
  Philox::key_type key_;
  std::uint32_t run_;
  std::uint32_t year_;
  std::uint32_t stream_;
};

}  // namespace edusim
