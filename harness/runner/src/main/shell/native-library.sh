# Sourced by ./actionbench: which PyTorch native library the JVM loads (README "GPU").
#
#   ACTIONBENCH_NATIVE=cpu      (default) the bundled pytorch-native-cpu jar, offline
#   ACTIONBENCH_NATIVE=cuda     no native jar: DJL downloads libtorch for the CUDA it detects on first use
#                               (network needed once; cached under DJL_CACHE_DIR)
#   ACTIONBENCH_LIBTORCH=DIR    a directory laid out by `actionbench gpu prepare DIR`, offline
#
# actionbench_native CLASSPATH sets native_classpath (CLASSPATH without the CPU jar whenever a GPU library
# is chosen: with it present DJL loads the CPU library on any machine) and native_java_opts (JVM flags),
# and exports the variables DJL reads. Returns 2 with one message on stderr for a bad setting.

actionbench_native() {
  local classpath="$1" mode="${ACTIONBENCH_NATIVE:-}" libtorch="${ACTIONBENCH_LIBTORCH:-}"
  native_java_opts=()
  if [ -n "$libtorch" ]; then
    if [ -n "$mode" ] && [ "$mode" != "libtorch" ]; then
      echo "actionbench: ACTIONBENCH_NATIVE=$mode and ACTIONBENCH_LIBTORCH=$libtorch both choose a native library; unset one" >&2
      return 2
    fi
    mode=libtorch
  fi
  case "${mode:-cpu}" in
    cpu)
      native_classpath="$classpath"
      native_java_opts+=(-Dai.djl.offline=true)
      ;;
    cuda)
      native_classpath="$(actionbench_without_cpu_jar "$classpath")"
      ;;
    libtorch)
      local props="$libtorch/libtorch.properties"
      if [ ! -f "$props" ]; then
        echo "actionbench: ACTIONBENCH_LIBTORCH=$libtorch: no libtorch.properties there (lay the directory out with: actionbench gpu prepare $libtorch)" >&2
        return 2
      fi
      local version flavor
      version="$(sed -n 's/^version=//p' "$props")"
      flavor="$(sed -n 's/^flavor=//p' "$props")"
      if [ -z "$version" ] || [ -z "$flavor" ]; then
        echo "actionbench: $props: needs version= and flavor= lines" >&2
        return 2
      fi
      local dir
      dir="$(cd "$libtorch" && pwd)"
      native_classpath="$(actionbench_without_cpu_jar "$classpath")"
      # DJL takes libtorch from PYTORCH_LIBRARY_PATH, names it by PYTORCH_VERSION and PYTORCH_FLAVOR, and finds
      # the matching JNI library under ENGINE_CACHE_DIR; JNA finds libcudart (GPU detection) on jna.library.path.
      export PYTORCH_LIBRARY_PATH="$dir/lib" PYTORCH_VERSION="$version" PYTORCH_FLAVOR="$flavor"
      export ENGINE_CACHE_DIR="$dir/cache"
      native_java_opts+=(-Dai.djl.offline=true "-Djna.library.path=$dir/lib")
      ;;
    *)
      echo "actionbench: ACTIONBENCH_NATIVE=$mode: expected cpu or cuda (or set ACTIONBENCH_LIBTORCH=DIR)" >&2
      return 2
      ;;
  esac
  export ACTIONBENCH_NATIVE_MODE="${mode:-cpu}"
}

actionbench_without_cpu_jar() {
  local entry out="" IFS=:
  for entry in $1; do
    case "$entry" in
      */pytorch-native-cpu-*.jar) ;;
      *) out="${out:+$out:}$entry" ;;
    esac
  done
  printf '%s' "$out"
}
