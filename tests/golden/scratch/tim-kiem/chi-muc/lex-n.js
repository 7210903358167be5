CongkhaiSearch.load("lex:n",[["nam",1],["ngay",2],["nghi",1],["nghiem",4],["nguoi",1],["nhan",1],["niem",1],["nop",1]]);
