// bh
