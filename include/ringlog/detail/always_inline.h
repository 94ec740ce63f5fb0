// RINGLOG_ALWAYS_INLINE: the hot path's helpers must inline into the log call whatever the
// optimiser's size heuristics say, or the call would pay for a real function call per argument.
#pragma once

#if defined(__GNUC__) || defined(__clang__)
#define RINGLOG_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#define RINGLOG_ALWAYS_INLINE inline
#endif
