//===- ToolSupport.h - Input and output of the dlc tools --------*- C++ -*-===//
//
// What the tools that parse a dlc graph and run the pipelines on it
// (dlc-opt, dlc-compile) share at their edges, so that hostile input and a
// full disk are diagnostics and never a crash or a hang: reading the input
// with bounds that upstream's parser does not have (an endless stream such
// as /dev/zero, brackets nested deep enough to overflow the parser's stack),
// running the tool on a stack of a known size, and writing an output file
// whose every byte is checked before the file is kept.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_CODEGEN_PIPELINES_TOOLSUPPORT_H
#define DLC_CODEGEN_PIPELINES_TOOLSUPPORT_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstdint>
#include <memory>
#include <string>

namespace llvm {
class MemoryBuffer;
class ToolOutputFile;
class raw_fd_ostream;
} // namespace llvm

namespace mlir::dlc {

/// The most bytes a tool reads from a stream (stdin, a pipe, a device);
/// regular files are mapped whole, whatever their size.
constexpr uint64_t kMaxStreamInputBytes = uint64_t(256) << 20;

/// The deepest nesting of brackets ((), [], {}, <>) that a tool parses. IR
/// that people and generators write nests a few dozen deep; upstream's
/// recursive-descent parser needs about 2 KiB of stack per level.
constexpr unsigned kMaxInputNesting = 1024;

/// The stack the tools run on (runOnToolStack): ample for IR nested
/// kMaxInputNesting deep, through the parser, the passes and the printer,
/// whatever `ulimit -s` says.
constexpr unsigned kToolStackBytes = 64u << 20;

/// Opens a tool's input as mlir::openInputFile does ("-" is stdin), and
/// refuses what the parser would not survive: a stream longer than
/// kMaxStreamInputBytes and textual IR nested deeper than kMaxInputNesting.
/// On failure, sets `errorMessage` to a sentence that names the input and
/// returns null.
std::unique_ptr<llvm::MemoryBuffer> openToolInput(StringRef path,
                                                  std::string *errorMessage);

/// Runs `body` on a thread with a stack of kToolStackBytes and returns what
/// it returns.
int runOnToolStack(llvm::function_ref<int()> body);

/// Flushes (stdout) or closes (a file) `os`, named `name` in messages. When
/// a write failed, prints "<tool>: error: cannot write '<name>': <reason>",
/// clears the error (so that the stream's destructor does not abort the
/// process) and fails.
LogicalResult checkWritten(llvm::raw_fd_ostream &os, StringRef name,
                           StringRef tool);

/// Arranges for stdout to be checked when the process exits, for what a tool
/// writes there outside its own output (--help and --version print and exit
/// from inside the command-line parser): a failed write is then
/// "<tool>: error: cannot write '<stdout>': <reason>" and exit status 1, not
/// an abort in the stream's destructor. `tool` must outlive the process.
void checkStdoutAtExit(const char *tool);

/// checkWritten on a tool's output file, then keeps the file if `keep` and
/// every write reached it; otherwise the file is removed. Called on every
/// path, failed runs too: a stream destroyed with an unchecked failed write
/// aborts the process ("IO failure on output stream").
LogicalResult finishToolOutput(llvm::ToolOutputFile &output, StringRef tool,
                               bool keep = true);

} // namespace mlir::dlc

#endif // DLC_CODEGEN_PIPELINES_TOOLSUPPORT_H
