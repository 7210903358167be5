CongkhaiSearch.load("lex:v",[["van",1],["viec",1],["vn",1]]);
