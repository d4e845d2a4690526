#include "model/kinds.h"

namespace cs {

namespace {

template <class Row>
std::string joinNames(const Row& rows) {
    std::string out;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i > 0) out += i + 1 == rows.size() ? " or " : ", ";
        out += rows[i].name;
    }
    return out;
}

}  // namespace

std::optional<LimitKind> parseLimitKind(std::string_view name) {
    for (const LimitKindInfo& k : kLimitKindInfo)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::optional<CollectKind> parseCollectKind(std::string_view name) {
    for (const CollectKindInfo& k : kCollectKindInfo)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::optional<ReturnWhen> parseReturnWhen(std::string_view name) {
    for (std::size_t i = 0; i < kReturnWhenNames.size(); ++i)
        if (kReturnWhenNames[i] == name) return static_cast<ReturnWhen>(i);
    return std::nullopt;
}

std::string limitKindNames() { return joinNames(kLimitKindInfo); }
std::string collectKindNames() { return joinNames(kCollectKindInfo); }

}  // namespace cs
