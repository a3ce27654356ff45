#include "../../mt_kernel.h"
