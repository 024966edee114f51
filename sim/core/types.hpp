#pragma once
// Small enums shared by the world, the phases and the output.
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

namespace edusim {

/// "No value" in metrics and outputs (a quiet NaN).
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Level : std::uint8_t { Primary = 0, Middle = 1 };
enum class Zone : std::uint8_t { Urban = 0, Town = 1, Rural = 2 };
enum class Subject : std::uint8_t { Core = 0, PeArt = 1 };  ///< PeArt: music, PE, fine arts.
/// Highest degree: 中师 (secondary normal), 专科 (associate), 本科 (bachelor), 研究生 (graduate).
enum class Degree : std::uint8_t { SecondaryNormal = 0, Associate = 1, Bachelor = 2, Graduate = 3 };
enum class Contract : std::uint8_t { Regular = 0, Intern = 1, Substitute = 2 };
enum class GroupRole : std::uint8_t { None = 0, Lead = 1, Member = 2 };
/// Education-group types (集团化办学), by strength of integration: tight integration
/// (紧密融合型), collaborative support (协作帮扶型), regional cooperation (区域合作型),
/// strong-strong (强强联合型).
enum class GroupType : std::uint8_t {
  None = 0,
  TightIntegration,
  CollaborativeSupport,
  RegionalCooperation,
  StrongStrong
};
/// Title grades and backbone levels as named values (tables and YAML); the
/// World stores them as small integers.
enum class TitleGrade : std::int8_t { Third = 0, Second, First, Senior, Professor };
enum class BackboneLevel : std::int8_t { None = 0, School, District, City };
/// A backbone teacher of district level or higher (区级骨干 and up): the level that the
/// national standard, rotation, guidance and mentoring count.
constexpr bool district_backbone(std::int8_t level) {
  return level >= static_cast<std::int8_t>(BackboneLevel::District);
}
/// Why a teacher is away from the home school, or (in events) what a move was:
/// backbone_out / ordinary_out: sent from a strong (lead, urban) school to a weak one;
/// training_in: a young teacher sent to a strong school to train; exchange_in: the
/// partner sent back in a paired exchange who is not young; return: back home at the
/// end of the term; stay: kept by the destination at the end of the term; transfer: a
/// voluntary transfer (调动, phases/transfers), home and current school both change.
enum class RotationKind : std::int8_t {
  None = 0,
  BackboneOut,
  OrdinaryOut,
  TrainingIn,
  ExchangeIn,
  Return,
  Stay,
  Shadow,   ///< a young teacher on a shadow post (跟岗) at a lead or strong school
  Transfer  ///< a voluntary transfer to a town, urban or stronger school (never a teacher state)
};
/// School strength class, set yearly by the school_strength phase from the mean
/// effectiveness of its teachers against the other schools of its level.
enum class Strength : std::int8_t { Weak = -1, Ordinary = 0, Strong = 1 };

inline constexpr int kLevels = 2;
inline constexpr int kZones = 3;
/// Professional title grades 三级/二级/一级/高级/正高级 as 0..4.
inline constexpr int kTitleGrades = 5;
/// The first senior title grade (高级).
inline constexpr std::int8_t kSeniorTitle = 3;
inline constexpr int kDegrees = 4;
/// Backbone (骨干) levels: 0 none, 1 school, 2 district/county, 3 city or higher.
inline constexpr int kBackboneLevels = 4;

inline constexpr std::array<std::string_view, kLevels> kLevelNames{"primary", "middle"};
inline constexpr std::array<std::string_view, kZones> kZoneNames{"urban", "town", "rural"};
inline constexpr std::array<std::string_view, kTitleGrades> kTitleNames{"third", "second", "first",
                                                                        "senior", "professor"};
inline constexpr std::array<std::string_view, kDegrees> kDegreeNames{
    "secondary_normal", "associate", "bachelor", "graduate"};
inline constexpr std::array<std::string_view, 2> kSubjectNames{"core", "pe_art"};
inline constexpr std::array<std::string_view, 3> kContractNames{"regular", "intern", "substitute"};
inline constexpr std::array<std::string_view, 3> kGroupRoleNames{"none", "lead", "member"};
inline constexpr std::array<std::string_view, 5> kGroupTypeNames{
    "none", "tight_integration", "collaborative_support", "regional_cooperation", "strong_strong"};
inline constexpr std::array<std::string_view, kBackboneLevels> kBackboneNames{"none", "school",
                                                                              "district", "city"};
inline constexpr std::array<std::string_view, 9> kRotationKindNames{
    "none",   "backbone_out", "ordinary_out", "training_in", "exchange_in",
    "return", "stay",         "shadow",       "transfer"};
/// School leaders (校级干部): the principal and vice-principals.
enum class LeaderRole : std::uint8_t { Principal = 0, VicePrincipal = 1 };
/// Principal rating (Qiaodong: 骨干/专家/功勋校长): ordinary, backbone, expert, merit.
enum class LeaderRank : std::uint8_t { Ordinary = 0, Backbone, Expert, Merit };
inline constexpr std::array<std::string_view, 2> kLeaderRoleNames{"principal", "vice_principal"};
inline constexpr std::array<std::string_view, 4> kLeaderRankNames{"ordinary", "backbone", "expert",
                                                                  "merit"};

/// Grades taught at each level: primary 1-6, middle 7-9.
inline constexpr int first_grade(Level l) {
  return l == Level::Primary ? 1 : 7;
}
inline constexpr int last_grade(Level l) {
  return l == Level::Primary ? 6 : 9;
}
inline constexpr int grade_count(Level l) {
  return last_grade(l) - first_grade(l) + 1;
}
inline constexpr int kGrades = 9;

/// Kindergarten year groups (小班, 中班, 大班: ages 3, 4 and 5). Kindergartens are not a
/// Level: the balance standard, the learning phases and every per-level key concern
/// primary and middle schools only (world/world.hpp, Kindergartens).
inline constexpr int kYearGroups = 3;
inline constexpr std::array<std::string_view, kYearGroups> kYearGroupNames{"small", "middle",
                                                                           "large"};

inline constexpr int index(Level l) {
  return static_cast<int>(l);
}
inline constexpr int index(Zone z) {
  return static_cast<int>(z);
}

}  // namespace edusim
