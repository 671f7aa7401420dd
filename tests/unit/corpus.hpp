// Reads the upstream test-case corpora (tests/data/corpus/*.tsv): '#' lines are provenance,
// the first other line is the header, fields are JSON-encoded where the header says *_json.
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace dgl::test {

using Row = std::map<std::string, std::string>;

inline std::vector<Row> read_corpus(const std::string& name) {
    const std::string path = std::string(DGL_TEST_DATA) + "/corpus/" + name;
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open corpus " + path);
    }
    std::vector<std::string> header;
    std::vector<Row> rows;
    std::string line;
    auto split = [](const std::string& s) {
        std::vector<std::string> out;
        std::string::size_type start = 0;
        for (;;) {
            auto tab = s.find('\t', start);
            out.push_back(s.substr(start, tab - start));
            if (tab == std::string::npos) {
                return out;
            }
            start = tab + 1;
        }
    };
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        auto fields = split(line);
        if (header.empty()) {
            header = fields;
            continue;
        }
        Row row;
        for (size_t i = 0; i < header.size() && i < fields.size(); ++i) {
            row[header[i]] = fields[i];
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

inline boost::json::value json(const std::string& text) { return boost::json::parse(text); }

inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

}  // namespace dgl::test
