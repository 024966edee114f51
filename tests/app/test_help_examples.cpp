// Every subcommand's --help ends with runnable examples: the subcommands are read from
// `edusim --help`, so that a new one without an example fails here.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "cli_helpers.hpp"

namespace edusim::testing::cli {
namespace {

/// The subcommands `edusim --help` lists under SUBCOMMANDS.
std::vector<std::string> subcommands(const std::string& help) {
  std::vector<std::string> names;
  bool in_list = false;
  for (const std::string& line : lines_of(help)) {
    if (line.starts_with("SUBCOMMANDS") || line.starts_with("Subcommands")) {
      in_list = true;
      continue;
    }
    if (!in_list) continue;
    if (line.empty() || line[0] != ' ') break;
    std::istringstream words(line);
    std::string name;
    words >> name;
    names.push_back(name);
  }
  return names;
}

TEST(HelpExamples, EverySubcommandShowsAnExampleOfItselfWithFilesThatExist) {
  const TempDir dir;
  const Result top = run_edusim({"--help"}, dir.path());
  ASSERT_EQ(top.exit_code, 0) << top.err;
  const std::vector<std::string> names = subcommands(top.out);
  ASSERT_GE(names.size(), 11u) << top.out;  // run, validate, ..., national
  const std::regex yaml_path(R"((scenarios|tests)/[A-Za-z0-9_/.-]+\.yaml)");
  for (const std::string& name : names) {
    const Result help = run_edusim({name, "--help"}, dir.path());
    ASSERT_EQ(help.exit_code, 0) << name << ": " << help.err;
    const auto lines = lines_of(help.out);
    std::size_t heading = lines.size();
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i].starts_with("Example")) heading = i;
    ASSERT_LT(heading, lines.size()) << name << " --help has no Example heading:\n" << help.out;
    int examples = 0;
    for (std::size_t i = heading + 1; i < lines.size() && lines[i].starts_with("  "); ++i) {
      const std::string example = lines[i].substr(2);
      EXPECT_TRUE(example.starts_with("edusim " + name + " ")) << name << ": " << example;
      ++examples;
      // The files an example reads are in the repository.
      for (std::sregex_iterator m(example.begin(), example.end(), yaml_path), end; m != end; ++m)
        EXPECT_TRUE(fs::exists(kSourceDir / m->str())) << name << ": " << m->str();
    }
    EXPECT_GE(examples, 1) << name << " --help:\n" << help.out;
  }
}

TEST(HelpExamples, TheRunExampleRunsAsShown) {
  // The first example of `edusim run --help`, shortened to one year, in a scratch copy of
  // its out/ directory.
  const TempDir dir;
  const Result help = run_edusim({"run", "--help"}, dir.path());
  std::string example;
  for (const std::string& line : lines_of(help.out))
    if (line.starts_with("  edusim run ")) {
      example = line.substr(2);
      break;
    }
  ASSERT_FALSE(example.empty()) << help.out;
  std::istringstream words(example);
  std::vector<std::string> args;
  for (std::string word; words >> word;)
    args.push_back(word.ends_with(".yaml") ? (kSourceDir / word).string() : word);
  args.erase(args.begin());  // "edusim"
  args.insert(args.end(), {"--years", "1", "--quiet"});
  fs::create_directories(dir / "out");
  const Result r = run_edusim(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << example << ": " << r.err;
}

}  // namespace
}  // namespace edusim::testing::cli
