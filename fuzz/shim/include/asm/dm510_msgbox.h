/* msgbox-torture user-space shim: the project's own header, as UML has it */
#include "../../../../kernel-patch/dm510_msgbox.h"
