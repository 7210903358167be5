CongkhaiSearch.load("lex:b",[["ban",3],["bang",1],["bo",3]]);
