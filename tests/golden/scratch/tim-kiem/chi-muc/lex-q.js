CongkhaiSearch.load("lex:q",[["qd",2],["qh13",1],["quyet",2]]);
