//===- ToolSupport.cpp - Input and output of the dlc tools ----------------===//
//
// Bounded input (streams read up to a limit, bracket nesting checked before
// the parser recurses into it), a large stack for the tool, and output files
// kept only when every write reached them.
//
//===----------------------------------------------------------------------===//

#include "dlc/CodeGen/Pipelines/ToolSupport.h"

#include "mlir/Bytecode/BytecodeReader.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/thread.h"

#include <cstdlib>

using namespace mlir;
using namespace mlir::dlc;

/// Reads a stream (stdin, a pipe, a device) to its end, or fails once it
/// goes past kMaxStreamInputBytes.
static std::unique_ptr<llvm::MemoryBuffer> readStream(StringRef path,
                                                      std::string *error) {
  StringRef name = path == "-" ? StringRef("<stdin>") : path;
  llvm::sys::fs::file_t file = llvm::sys::fs::getStdinHandle();
  if (path != "-") {
    llvm::Expected<llvm::sys::fs::file_t> opened =
        llvm::sys::fs::openNativeFileForRead(path);
    if (!opened) {
      *error = ("cannot open input file '" + path +
                "': " + llvm::toString(opened.takeError()))
                   .str();
      return nullptr;
    }
    file = *opened;
  }
  llvm::SmallVector<char, 0> text;
  constexpr size_t kChunk = 1 << 20;
  std::string failure;
  while (failure.empty()) {
    if (text.size() > kMaxStreamInputBytes) {
      failure = ("'" + name + "' is a stream (stdin, a pipe or a device) " +
                 "longer than " + Twine(kMaxStreamInputBytes >> 20) +
                 " MiB, the most dlc reads from one; give a file instead")
                    .str();
      break;
    }
    size_t size = text.size();
    text.resize_for_overwrite(size + kChunk);
    llvm::Expected<size_t> read = llvm::sys::fs::readNativeFile(
        file, llvm::MutableArrayRef(text.data() + size, kChunk));
    if (!read) {
      failure =
          ("cannot read '" + name + "': " + llvm::toString(read.takeError()))
              .str();
      break;
    }
    text.truncate(size + *read);
    if (*read == 0)
      break;
  }
  if (path != "-")
    llvm::sys::fs::closeFile(file);
  if (!failure.empty()) {
    *error = std::move(failure);
    return nullptr;
  }
  return std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(text), name,
                                                         true);
}

/// The offset in `text` where its brackets nest deeper than
/// kMaxInputNesting, or StringRef::npos. It reads tokens as MLIR's lexer
/// does where that matters: brackets in strings and comments do not count,
/// nor `>` in `->` and `>=` or `<` in `<=`. A bracket closed without being
/// opened does not count either, so a miscount can only fall short.
static size_t findTooDeepNesting(StringRef text) {
  unsigned depth = 0;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char next = i + 1 < e ? text[i + 1] : '\0';
    switch (text[i]) {
    case '"':
      for (++i; i < e && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      break;
    case '/':
      if (next == '/')
        i = std::min(text.find('\n', i), e);
      break;
    case '<':
      if (next == '=')
        break;
      [[fallthrough]];
    case '(':
    case '[':
    case '{':
      if (++depth > kMaxInputNesting)
        return i;
      break;
    case '>':
      if ((i > 0 && text[i - 1] == '-') || next == '=')
        break;
      [[fallthrough]];
    case ')':
    case ']':
    case '}':
      if (depth)
        --depth;
      break;
    default:
      break;
    }
  }
  return StringRef::npos;
}

std::unique_ptr<llvm::MemoryBuffer>
dlc::openToolInput(StringRef path, std::string *errorMessage) {
  // A file is mapped whole; stdin, a pipe or a device (/dev/zero, a
  // terminal) is read as a stream, which need not end.
  using llvm::sys::fs::file_type;
  llvm::sys::fs::file_status status;
  bool stream = path == "-" || (!llvm::sys::fs::status(path, status) &&
                                status.type() != file_type::regular_file &&
                                status.type() != file_type::directory_file);
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer =
      stream ? readStream(path, &error) : openInputFile(path, &error);
  if (buffer && !isBytecode(*buffer)) {
    StringRef text = buffer->getBuffer();
    size_t at = findTooDeepNesting(text);
    if (at != StringRef::npos) {
      StringRef before = text.take_front(at);
      size_t line = before.count('\n') + 1;
      size_t column = at - (before.rfind('\n') + 1) + 1;
      error = ("'" + buffer->getBufferIdentifier() + "' nests brackets " +
               "deeper than " + Twine(kMaxInputNesting) + " at line " +
               Twine(line) + ", column " + Twine(column) +
               "; dlc parses IR nested at most " + Twine(kMaxInputNesting) +
               " deep")
                  .str();
      buffer.reset();
    }
  }
  if (!buffer && errorMessage)
    *errorMessage = std::move(error);
  return buffer;
}

int dlc::runOnToolStack(llvm::function_ref<int()> body) {
  int result = 1;
  llvm::thread worker(std::optional<unsigned>(kToolStackBytes),
                      [&] { result = body(); });
  worker.join();
  return result;
}

LogicalResult dlc::checkWritten(llvm::raw_fd_ostream &os, StringRef name,
                                StringRef tool) {
  if (&os == &llvm::outs())
    os.flush();
  else
    os.close();
  if (!os.has_error())
    return success();
  llvm::errs() << tool << ": error: cannot write '" << name
               << "': " << os.error().message() << "\n";
  os.clear_error();
  return failure();
}

/// The tool that checkStdoutAtExit names.
static const char *stdoutTool = nullptr;

static void checkStdout() {
  llvm::raw_fd_ostream &out = llvm::outs();
  out.flush();
  if (!out.has_error())
    return;
  llvm::errs() << stdoutTool
               << ": error: cannot write '<stdout>': " << out.error().message()
               << "\n";
  out.clear_error();
  // Whatever status the exit had, the output is incomplete.
  std::_Exit(1);
}

void dlc::checkStdoutAtExit(const char *tool) {
  stdoutTool = tool;
  // Constructed before the handler is registered, stdout is destroyed after
  // the handler has run.
  (void)llvm::outs();
  std::atexit(checkStdout);
}

LogicalResult dlc::finishToolOutput(llvm::ToolOutputFile &output,
                                    StringRef tool, bool keep) {
  StringRef name = output.outputFilename();
  if (failed(checkWritten(output.os(), name == "-" ? "<stdout>" : name, tool)))
    return failure();
  if (keep)
    output.keep();
  return success();
}
