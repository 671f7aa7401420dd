// Renders `lint` (and `lint --fix`) results for people (text) and machines (--format json).
// Findings already hold only keys, places, fixed phrases and redact::display() readings.
#pragma once

#include "dgl/lint/analyse.hpp"
#include "dgl/lint/rewrite.hpp"

#include <string>
#include <vector>

namespace dgl::report {

std::string lint_text(const std::vector<lint::Analysis>& files);
std::string lint_json(const std::vector<lint::Analysis>& files);

std::string lint_fix_text(const std::vector<lint::FixOutcome>& files);
std::string lint_fix_json(const std::vector<lint::FixOutcome>& files);

}  // namespace dgl::report
