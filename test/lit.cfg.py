# lit configuration of the dlc test suite: finds dlc's tools in build/bin and
# LLVM's FileCheck, not and count in the installed LLVM.
import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["CMakeLists.txt", "Inputs", "lit.cfg.py", "lit.site.cfg.py",
                   "reference.py", "check.py", "cases.py", "liveness.py",
                   "torch_check.py", "gpu_cases.py",
                   "__pycache__"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")

config.substitutions.append(("%dlc_src_root", config.dlc_src_root))
config.substitutions.append(("%python", sys.executable))
config.substitutions.append(
    ("%check_numerics",
     f"{sys.executable} {config.dlc_src_root}/test/Integration/Numerics/check.py "
     f"--dlc-opt={config.dlc_tools_dir}/dlc-opt "
     f"--dlc-run={config.dlc_tools_dir}/dlc-run"))

config.substitutions.append(("%dlc_opt_bin", f"{config.dlc_tools_dir}/dlc-opt"))
config.substitutions.append(("%dlc_run_bin", f"{config.dlc_tools_dir}/dlc-run"))
config.substitutions.append(
    ("%dlc_malloc_bin", f"{config.dlc_tools_dir}/dlc-malloc"))
config.substitutions.append(
    ("%dlc_compile_bin", f"{config.dlc_tools_dir}/dlc-compile"))
config.substitutions.append(
    ("%dlc_exec_bin", f"{config.dlc_tools_dir}/dlc-exec"))

# Numerical tests compare against NumPy references and PyTorch.
for module in ("numpy", "torch"):
    try:
        __import__(module)
        config.available_features.add(module)
    except ImportError:
        pass

# A CUDA GPU and its driver: GPU runs are checked only where they can run;
# elsewhere the tests check that the tools say there is no GPU.
if os.path.exists("/dev/nvidiactl") and any(
        os.path.exists(os.path.join(d, "libcuda.so.1"))
        for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/local/cuda/compat",
                  "/usr/lib/wsl/lib")):
    config.available_features.add("cuda-gpu")

# The rematerialization MILP needs CBC (coinor-libcbc-dev) at build time.
if getattr(config, "dlc_have_cbc", False):
    config.available_features.add("cbc")

# The ASan + UBSan build (utils/dev.sh sanitize passes --param sanitized=1)
# leaves out the tests that compile the large examples whole: several
# minutes each there, and the small examples' versions cover the same code.
if lit_config.params.get("sanitized"):
    config.available_features.add("sanitized")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

tools = [ToolSubst("dlc-opt", unresolved="fatal"),
         ToolSubst("dlc-run", unresolved="fatal"),
         ToolSubst("dlc-malloc", unresolved="fatal"),
         ToolSubst("dlc-compile", unresolved="fatal"),
         ToolSubst("dlc-exec", unresolved="fatal")]
llvm_config.add_tool_substitutions(tools, [config.dlc_tools_dir])
