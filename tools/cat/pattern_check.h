// Which segment patterns ringlog-cat can lay out: the check its readers are built with.
#pragma once

#include "codec/binary_reader.h"

namespace ringlog::cat {

// Says why TextLayout refuses a pattern (empty when it takes it); for BinaryReader, so a file
// whose header holds an unusable pattern is reported and printed with the default one.
detail::BinaryReader::PatternCheck text_pattern_check();

}  // namespace ringlog::cat
